namespace Scheduler.Worker.Email;

/// <summary>A file attached to an email.</summary>
/// <param name="FileName">The name the recipient sees, e.g. <c>WO-2027-000123.csv</c>.</param>
/// <param name="MediaType">The MIME type, e.g. <c>text/csv</c>.</param>
/// <param name="Content">The bytes.</param>
public sealed record MessageAttachment(string FileName, string MediaType, ReadOnlyMemory<byte> Content);
