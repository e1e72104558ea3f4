using Scheduler.Persistence.Completions;

namespace Scheduler.Worker.Feedback;

/// <summary>One well-formed row of a completions CSV: where it is (for messages) and the report it makes.</summary>
/// <param name="Line">The line the row starts on (1-based; the header is line 1).</param>
/// <param name="Report">The report, source <c>csv</c>.</param>
internal sealed record CompletionCsvRow(int Line, CompletionReport Report);
