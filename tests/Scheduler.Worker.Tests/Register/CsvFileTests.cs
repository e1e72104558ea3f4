using Scheduler.Worker.Register;

namespace Scheduler.Worker.Tests.Register;

public sealed class CsvFileTests
{
    private static IReadOnlyList<CsvRecord> ReadClean(string text)
    {
        var (records, problems) = CsvFile.ReadAll(text, "test.csv");
        Assert.Empty(problems);
        return records;
    }

    private static string[] Values(CsvRecord record) => record.Fields.Select(f => f.Value).ToArray();

    [Fact]
    public void ReadAll_PlainFields_SplitsOnCommasAndLineBreaks()
    {
        var records = ReadClean("a,b,c\n1,2,3\n");

        Assert.Equal(2, records.Count);
        Assert.Equal(["a", "b", "c"], Values(records[0]));
        Assert.Equal(["1", "2", "3"], Values(records[1]));
    }

    [Fact]
    public void ReadAll_QuotedFieldWithCommaNewlineAndDoubledQuote_KeepsThemInTheValue()
    {
        var records = ReadClean("id,address\nP1,\"Flat 2, \"\"The Oaks\"\"\n1 High St\"\nP2,x\n");

        Assert.Equal(3, records.Count);
        Assert.Equal(["P1", "Flat 2, \"The Oaks\"\n1 High St"], Values(records[1]));
        Assert.Equal(2, records[1].Line);
        Assert.Equal(3, records[1].EndLine);
        // The record after a multi-line field starts on the line after the field ends.
        Assert.Equal(4, records[2].Line);
        Assert.Equal(new CsvField("x", 4, 4), records[2].Fields[1]);
    }

    [Fact]
    public void ReadAll_EmptyQuotedAndEmptyUnquotedFields_AreEmptyStrings()
    {
        var records = ReadClean("a,\"\",,\"\"\"\"\n");

        Assert.Equal(["a", "", "", "\""], Values(records[0]));
    }

    [Theory]
    [InlineData("id,name\nS01,Ash\0 Court\n", 0x0000)]
    [InlineData("id,name\nS01,\"Ash\u0007 Court\"\n", 0x0007)]
    public void ReadAll_ControlCharacterInAField_IsAProblemAtTheField(string text, int code)
    {
        // Found by the fuzz tests: U+0000 reached PostgreSQL, which refuses it in text.
        var (_, problems) = CsvFile.ReadAll(text, "sites.csv");

        var problem = Assert.Single(problems);
        Assert.Equal(("sites.csv", 2, 5), (problem.Location.File, problem.Location.Line, problem.Location.Column));
        Assert.Contains($"U+{code:X4}", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_TabsAndLineBreaksInsideQuotes_AreNotControlCharacterProblems()
    {
        var records = ReadClean("id,note\nS01,\"a\tb\r\nc\"\n");

        Assert.Equal("a\tb\r\nc", records[1].Fields[1].Value);
    }

    [Fact]
    public void ReadAll_FieldPositions_AreOneBasedLineAndColumn()
    {
        var records = ReadClean("id,name\nS01,\"Ash, Court\",z\n");

        Assert.Equal(new CsvField("S01", 2, 1), records[1].Fields[0]);
        Assert.Equal(new CsvField("Ash, Court", 2, 5), records[1].Fields[1]);
        Assert.Equal(new CsvField("z", 2, 18), records[1].Fields[2]);
        Assert.Equal(19, records[1].EndColumn);
    }

    [Theory]
    [InlineData("a,b\r\nc,d\r\n")]
    [InlineData("a,b\nc,d\n")]
    [InlineData("a,b\rc,d\r")]
    [InlineData("a,b\r\nc,d")]
    [InlineData("\uFEFFa,b\r\nc,d\r\n")]
    [InlineData("a,b\n\n\r\nc,d\n\n")]
    public void ReadAll_AnyLineEndingOrBom_GivesTheSameRecords(string text)
    {
        var records = ReadClean(text);

        Assert.Equal(2, records.Count);
        Assert.Equal(["a", "b"], Values(records[0]));
        Assert.Equal(["c", "d"], Values(records[1]));
        Assert.Equal(new CsvField("a", 1, 1), records[0].Fields[0]);
        Assert.Equal(3, records[0].Fields[1].Column);
    }

    [Fact]
    public void ReadAll_CrLfInsideQuotes_IsKeptAndCountsAsOneLine()
    {
        var records = ReadClean("\"x\r\ny\",z\r\nnext,1\r\n");

        Assert.Equal("x\r\ny", records[0].Fields[0].Value);
        Assert.Equal(new CsvField("next", 3, 1), records[1].Fields[0]);
    }

    [Fact]
    public void ReadAll_TrailingCommaAtEndOfText_AddsAnEmptyLastField()
    {
        var records = ReadClean("a,b,");

        Assert.Equal(["a", "b", ""], Values(records[0]));
    }

    [Fact]
    public void ReadAll_UnterminatedQuote_IsReportedAtTheOpeningQuote()
    {
        var (records, problems) = CsvFile.ReadAll("id,name\nS01,ok\nS02,\"Open, never closed\nS03,more\n", "sites.csv");

        Assert.Equal(2, records.Count);
        var problem = Assert.Single(problems);
        Assert.Equal("sites.csv", problem.Location.File);
        Assert.Equal(3, problem.Location.Line);
        Assert.Equal(5, problem.Location.Column);
        Assert.Contains("no closing quote", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_QuoteInsideUnquotedField_IsReportedWhereTheQuoteIs()
    {
        var (records, problems) = CsvFile.ReadAll("a,12\" pipe,c\n", "f.csv");

        Assert.Equal(["a", "12\" pipe", "c"], Values(records[0]));
        var problem = Assert.Single(problems);
        Assert.Equal(new Scheduler.Domain.SourceLocation("f.csv", 1, 5), problem.Location);
    }

    [Fact]
    public void ReadAll_TextAfterClosingQuote_IsReportedAndKept()
    {
        var (records, problems) = CsvFile.ReadAll("a,\"b\"c,d\n", "f.csv");

        Assert.Equal(["a", "bc", "d"], Values(records[0]));
        var problem = Assert.Single(problems);
        Assert.Equal(new Scheduler.Domain.SourceLocation("f.csv", 1, 6), problem.Location);
        Assert.Equal("c", problem.Value);
    }

    [Fact]
    public void ReadAll_EmptyText_HasNoRecords()
    {
        Assert.Empty(ReadClean(string.Empty));
        Assert.Empty(ReadClean("\uFEFF"));
    }
}
