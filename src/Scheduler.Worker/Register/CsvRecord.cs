namespace Scheduler.Worker.Register;

/// <summary>
/// One record (row) of a CSV file. <see cref="Line"/> is the line the record starts on; a record spans several
/// lines when a quoted field contains a line break. <see cref="EndLine"/> and <see cref="EndColumn"/> point just
/// past the record's last character, which is where a missing field would have been.
/// </summary>
public readonly record struct CsvRecord(IReadOnlyList<CsvField> Fields, int Line, int EndLine, int EndColumn);
