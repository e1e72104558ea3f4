namespace Scheduler.Domain;

/// <summary>
/// Where a piece of configuration or register data came from, so that a problem found later can be
/// reported at the line an estates manager edits. Line and column are 1-based; 0 means "unknown".
/// </summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
