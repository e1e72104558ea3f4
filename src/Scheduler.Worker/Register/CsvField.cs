namespace Scheduler.Worker.Register;

/// <summary>
/// One field of a CSV record: its text with the surrounding quotes removed and doubled quotes undone, and where
/// it starts. <see cref="Line"/> and <see cref="Column"/> are 1-based and point at the field's first character
/// (the opening quote of a quoted field); a byte-order mark is not counted as a column.
/// </summary>
public readonly record struct CsvField(string Value, int Line, int Column);
