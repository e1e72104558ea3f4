namespace Scheduler.Persistence.Register;

/// <summary>The register could not be imported as a whole; nothing was written. <see cref="Problems"/> says why, one line each.</summary>
public sealed class RegisterImportException : Exception
{
    public RegisterImportException(IReadOnlyList<string> problems)
        : base("The estate register was not imported (nothing was written): " + string.Join("; ", problems))
    {
        Problems = problems;
    }

    public RegisterImportException()
        : this([])
    {
    }

    public RegisterImportException(string message)
        : this([message])
    {
    }

    public RegisterImportException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>Each reason the import was refused.</summary>
    public IReadOnlyList<string> Problems { get; } = [];
}
