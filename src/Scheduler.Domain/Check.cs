namespace Scheduler.Domain;

/// <summary>The one argument-check helper: throws the standard exceptions with a message naming the rule.</summary>
internal static class Check
{
    public static void Positive(int value, string paramName)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be at least 1.");
        }
    }

    public static void InRange(int value, int min, int max, string paramName)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"{paramName} must be between {min} and {max}.");
        }
    }

    public static void NotEmpty(string? value, string paramName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{paramName} must not be empty.", paramName);
        }
    }

    public static void Ordered(NodaTime.LocalDate start, NodaTime.LocalDate end, string paramName)
    {
        if (end < start)
        {
            throw new ArgumentException($"{paramName}: end {end:uuuu-MM-dd} is before start {start:uuuu-MM-dd}.", paramName);
        }
    }
}
