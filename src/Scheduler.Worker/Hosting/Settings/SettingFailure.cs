using System.Globalization;

namespace Scheduler.Worker.Hosting.Settings;

/// <summary>Formats one invalid setting the same way everywhere: its full name, the value found and what is wanted.</summary>
internal static class SettingFailure
{
    /// <summary><c>Section:Name = 'value': why</c>.</summary>
    public static string Of(string section, string name, object? value, string why) =>
        string.Create(CultureInfo.InvariantCulture, $"{section}:{name} = {Show(value)}: {why}");

    /// <summary>A secret's value is never printed: only whether it is set.</summary>
    public static string OfSecret(string key, string? value, string why) =>
        $"{key} = {(string.IsNullOrEmpty(value) ? "(not set)" : "(set; not shown)")}: {why}";

    private static string Show(object? value) => value switch
    {
        null => "(not set)",
        string { Length: 0 } => "''",
        TimeSpan t => "'" + t.ToString("c", CultureInfo.InvariantCulture) + "'",
        IFormattable f => "'" + f.ToString(null, CultureInfo.InvariantCulture) + "'",
        _ => "'" + value + "'",
    };
}
