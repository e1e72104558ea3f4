using Scheduler.Domain.Estate;

namespace Scheduler.Persistence.Register;

/// <summary>The text stored for register enums (the register's own words).</summary>
internal static class RegisterText
{
    public static string Cleaning(CleaningFrequency frequency) => frequency switch
    {
        CleaningFrequency.None => "none",
        CleaningFrequency.Weekly => "weekly",
        CleaningFrequency.Fortnightly => "fortnightly",
        CleaningFrequency.Monthly => "monthly",
        _ => throw new ArgumentOutOfRangeException(nameof(frequency), frequency, "Cleaning must be weekly, fortnightly, monthly or none."),
    };

    public static CleaningFrequency Cleaning(string text) => text switch
    {
        "none" => CleaningFrequency.None,
        "weekly" => CleaningFrequency.Weekly,
        "fortnightly" => CleaningFrequency.Fortnightly,
        "monthly" => CleaningFrequency.Monthly,
        _ => throw new InvalidOperationException($"blocks.cleaning holds '{text}', not weekly, fortnightly, monthly or none."),
    };

    public static string Channel(ContactChannel channel) => channel switch
    {
        ContactChannel.Email => "email",
        ContactChannel.Post => "post",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Channel must be email or post."),
    };

    public static ContactChannel Channel(string text) => text switch
    {
        "email" => ContactChannel.Email,
        "post" => ContactChannel.Post,
        _ => throw new InvalidOperationException($"tenants.channel holds '{text}', not email or post."),
    };
}
