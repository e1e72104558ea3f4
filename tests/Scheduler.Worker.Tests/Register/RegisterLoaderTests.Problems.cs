using Scheduler.Domain;
using Scheduler.Worker.Register;

namespace Scheduler.Worker.Tests.Register;

public sealed partial class RegisterLoaderTests
{
    [Fact]
    public void Parse_BadBoolean_ReportsItsLineAndColumn()
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Sites, 3, "S02,Calder Rise,south,ZZ2 3DR,yes,TRUE,False");

        var problem = SingleProblem(files);

        // "S02,Calder Rise,south,ZZ2 3DR," is 30 characters, so "yes" starts in column 31.
        Assert.Equal(new SourceLocation(PathOf("sites.csv"), 3, 31), problem.Location);
        Assert.Equal("grass must be true or false", problem.Message);
        Assert.Equal("yes", problem.Value);
        Assert.Equal("true, false", problem.Accepted);
        Assert.Equal("estate/sites.csv:3:31: grass must be true or false (found 'yes'); accepted: true, false", problem.ToString());
    }

    [Fact]
    public void Parse_EmptyRequiredBoolean_IsAProblem()
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Properties, 3, "P002,B02,S02,\"Flat 1, Calder House\",ZZ2 3DR,south,,,,,");

        var problem = SingleProblem(files);

        Assert.Equal(new SourceLocation(PathOf("properties.csv"), 3, 51), problem.Location);
        Assert.Contains("gas is empty", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-02-30")]
    [InlineData("14/03/2026")]
    [InlineData("2026-3-14")]
    [InlineData("2026-03-14T00:00")]
    public void Parse_BadDate_ReportsItWithTheAcceptedForm(string date)
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Properties, 2,
            $"P001,B01,S01,\"Flat 1, Ashworth House\",ZZ1 4AS,north,true,{date},1998,2010,2015");

        var problem = SingleProblem(files);

        // `P001,B01,S01,"Flat 1, Ashworth House",ZZ1 4AS,north,true,` is 57 characters.
        Assert.Equal(new SourceLocation(PathOf("properties.csv"), 2, 58), problem.Location);
        Assert.Equal("last_gas_check is not a date", problem.Message);
        Assert.Equal(date, problem.Value);
        Assert.Contains("yyyy-MM-dd", problem.Accepted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("98")]
    [InlineData("1899")]
    [InlineData("2101")]
    [InlineData("2010.0")]
    [InlineData("+998")]
    public void Parse_BadYear_IsAProblem(string year)
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Properties, 4, $"P003,,,\"9 Mill Street, Hallowby\",ZZ1 5NS,north,true,,2001,{year},2019");

        var problem = SingleProblem(files);

        Assert.Equal("bathroom_year is not a year", problem.Message);
        Assert.Equal(year, problem.Value);
        Assert.Contains("1900 to 2100", problem.Accepted, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownCleaning_ListsTheAcceptedValues()
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Blocks, 2, "B01,S01,Ashworth House,north,daily");

        var problem = SingleProblem(files);

        Assert.Equal(new SourceLocation(PathOf("blocks.csv"), 2, 30), problem.Location);
        Assert.Equal("daily", problem.Value);
        Assert.Equal("weekly, fortnightly, monthly, none", problem.Accepted);
    }

    [Fact]
    public void Parse_UnknownChannel_ListsTheAcceptedValues()
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Tenants, 3, "T002,P002,Tomasz Zielinski,,,sms,true,pl");

        var problem = SingleProblem(files);

        Assert.Equal("sms", problem.Value);
        Assert.Equal("email, post", problem.Accepted);
    }

    [Fact]
    public void Parse_ChannelEmailWithoutEmail_PointsAtTheEmailCell()
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Tenants, 3, "T002,P002,Tomasz Zielinski,,,email,true,pl");

        var problem = SingleProblem(files);

        Assert.Equal(new SourceLocation(PathOf("tenants.csv"), 3, 28), problem.Location);
        Assert.Contains("channel is email", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("polish")]
    [InlineData("p")]
    [InlineData("en_GB")]
    public void Parse_BadLanguage_IsAProblem(string language)
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Tenants, 2, $"T001,P001,Ann Hartley,,,post,false,{language}");

        var problem = SingleProblem(files);

        Assert.Equal("language is not a language tag", problem.Message);
    }

    [Fact]
    public void Parse_DanglingReferences_NameTheMissingIdAndTheFile()
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Properties, 2,
            "P001,B09,S01,\"Flat 1, Ashworth House\",ZZ1 4AS,west,true,2026-03-14,1998,2010,2015");
        files[RegisterFiles.Tenants] = files[RegisterFiles.Tenants].Replace("T002,P002", "T002,P404", StringComparison.Ordinal);

        var result = RegisterLoader.Parse(files, Dir, RegisterFixture.AsOf);

        Assert.Null(result.Register);
        Assert.Collection(
            result.Problems,
            p =>
            {
                Assert.Equal(new SourceLocation(PathOf("properties.csv"), 2, 6), p.Location);
                Assert.Equal("block_id 'B09' is not in blocks.csv", p.Message);
                Assert.Equal("B01, B02", p.Accepted);
            },
            p =>
            {
                Assert.Equal(new SourceLocation(PathOf("properties.csv"), 2, 47), p.Location);
                Assert.Equal("area_id 'west' is not in areas.csv", p.Message);
                Assert.Equal("north, south", p.Accepted);
            },
            p =>
            {
                Assert.Equal(new SourceLocation(PathOf("tenants.csv"), 3, 6), p.Location);
                Assert.Equal("property_id 'P404' is not in properties.csv", p.Message);
            });
    }

    [Fact]
    public void Parse_BlockWithUnknownSite_IsAProblem()
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Blocks, 3, "B02,S77,Calder House,south,monthly");

        var problem = SingleProblem(files);

        Assert.Equal(new SourceLocation(PathOf("blocks.csv"), 3, 5), problem.Location);
        Assert.Equal("site_id 'S77' is not in sites.csv", problem.Message);
    }

    [Fact]
    public void Parse_HomeInABlockWithTheWrongOrNoSite_IsAProblem()
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Properties, 2,
            "P001,B01,S02,\"Flat 1, Ashworth House\",ZZ1 4AS,north,true,2026-03-14,1998,2010,2015");
        files[RegisterFiles.Properties] = files[RegisterFiles.Properties]
            .Replace("P002,B02,S02,", "P002,B02,,", StringComparison.Ordinal);

        var result = RegisterLoader.Parse(files, Dir, RegisterFixture.AsOf);

        Assert.Collection(
            result.Problems,
            p =>
            {
                Assert.Equal(new SourceLocation(PathOf("properties.csv"), 2, 10), p.Location);
                Assert.Equal("site_id 'S02' is not the site of block 'B01'", p.Message);
                Assert.Equal("S01", p.Accepted);
            },
            p =>
            {
                Assert.Equal(new SourceLocation(PathOf("properties.csv"), 3, 10), p.Location);
                Assert.Contains("site_id is empty but the home is in block 'B02'", p.Message, StringComparison.Ordinal);
            });
    }

    [Fact]
    public void Parse_HomeOnASiteButNotInABlock_IsFine()
    {
        var files = RegisterFixture.WithExtraLine(RegisterFiles.Properties, "P004,,S01,2 Ashworth Court,ZZ1 4AS,north,false,,,,");

        var result = RegisterLoader.Parse(files, Dir, RegisterFixture.AsOf);

        Assert.Empty(result.Problems);
        Assert.Equal(("S01", (string?)null), (result.Register!.Homes[3].SiteId, result.Register.Homes[3].BlockId));
    }

    [Fact]
    public void Parse_DuplicateId_IsReportedAtTheSecondNamingTheFirst()
    {
        var files = RegisterFixture.WithExtraLine(RegisterFiles.Properties, "P002,,,\"1 Quarry Lane\",ZZ1 9QL,north,false,,,,");

        var problem = SingleProblem(files);

        Assert.Equal(new SourceLocation(PathOf("properties.csv"), 5, 1), problem.Location);
        Assert.Equal("property_id 'P002' is already used on line 3; ids must be unique in properties.csv", problem.Message);
    }

    [Fact]
    public void Parse_AssetIdSharedBetweenSiteAndBlock_IsAProblem()
    {
        var files = RegisterFixture.WithExtraLine(RegisterFiles.Blocks, "S02,S02,Calder Annexe,south,none");

        var problem = SingleProblem(files);

        Assert.Equal(new SourceLocation(PathOf("blocks.csv"), 4, 1), problem.Location);
        Assert.Contains("already the id of a site (sites.csv line 3)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyId_IsAProblem()
    {
        var files = RegisterFixture.WithExtraLine(RegisterFiles.Areas, ",Nameless patch");

        var problem = SingleProblem(files);

        Assert.Equal(new SourceLocation(PathOf("areas.csv"), 4, 1), problem.Location);
        Assert.Equal("area_id is empty; every row needs an id", problem.Message);
    }

    [Fact]
    public void Parse_RowWithTooFewOrTooManyFields_IsReportedWhereTheFieldIsMissingOrExtra()
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Blocks, 2, "B01,S01,Ashworth House,north");
        files[RegisterFiles.Areas] += "east,East, with a comma\n";

        var result = RegisterLoader.Parse(files, Dir, RegisterFixture.AsOf);

        Assert.Collection(
            result.Problems,
            p =>
            {
                Assert.Equal(new SourceLocation(PathOf("areas.csv"), 4, 11), p.Location);
                Assert.Equal("this row has 3 fields but the header has 2 columns", p.Message);
            },
            p =>
            {
                Assert.Equal(new SourceLocation(PathOf("blocks.csv"), 2, 29), p.Location);
                Assert.Equal("this row has 4 fields but the header has 5 columns", p.Message);
            });
    }

    [Fact]
    public void Parse_MissingFile_NamesItsPath()
    {
        var files = RegisterFixture.Files();
        files.Remove(RegisterFiles.Tenants);

        var problem = SingleProblem(files);

        Assert.Equal(new SourceLocation(PathOf("tenants.csv"), 0, 0), problem.Location);
        Assert.Equal("the file is missing", problem.Message);
        Assert.Equal("estate/tenants.csv: the file is missing; accepted: the register needs areas.csv, sites.csv, blocks.csv, properties.csv, tenants.csv", problem.ToString());
    }

    [Theory]
    [InlineData("id,name", 1, "column 1 is 'id' but should be 'area_id'", "id,…")]
    [InlineData("area_id", 8, "column 'name' is missing", "area_id")]
    [InlineData("area_id,description,name", 9, "column 2 is 'description' but should be 'name'", "area_id,description,…")]
    public void Parse_WrongHeader_NamesTheExpectedHeaderOnLineOne(string header, int column, string detail, string found)
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Areas, 1, header);

        // Only the header is reported: areas.csv is not read, and references to its ids are not checked.
        var problem = SingleProblem(files);

        Assert.Equal(new SourceLocation(PathOf("areas.csv"), 1, column), problem.Location);
        Assert.Equal($"the header must start with the columns area_id,name in this order ({detail})", problem.Message);
        Assert.Equal(found, problem.Value); // as far as the first column that differs: the rest may be a row of data
        Assert.Equal("area_id,name (more columns may follow)", problem.Accepted);
    }

    [Fact]
    public void Parse_HeaderWithUnnamedOrRepeatedExtraColumn_IsAProblem()
    {
        var files = RegisterFixture.Files((RegisterFiles.Areas, "area_id,name,,Name\nnorth,North,x,y\nsouth,South,x,y\n"));

        var result = RegisterLoader.Parse(files, Dir, RegisterFixture.AsOf);

        Assert.Equal(
            [new SourceLocation(PathOf("areas.csv"), 1, 14), new SourceLocation(PathOf("areas.csv"), 1, 15)],
            result.Problems.Select(p => p.Location));
    }

    [Fact]
    public void Parse_EmptyFile_SaysTheHeaderIsNeeded()
    {
        var files = RegisterFixture.Files((RegisterFiles.Tenants, string.Empty));

        var problem = SingleProblem(files);

        Assert.Equal(new SourceLocation(PathOf("tenants.csv"), 1, 1), problem.Location);
        Assert.Contains("header", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HeaderWithAnUnclosedQuote_IsOneProblemAtTheQuote()
    {
        var files = RegisterFixture.Files((RegisterFiles.Areas, "area_id,\"name\nnorth,North\n"));

        var problem = SingleProblem(files);

        Assert.Equal(new SourceLocation(PathOf("areas.csv"), 1, 9), problem.Location);
        Assert.Contains("no closing quote", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ManyProblemsInManyFiles_AreAllReportedInFileAndLineOrder()
    {
        var files = RegisterFixture.Files(
            (RegisterFiles.Sites, RegisterFixture.Sites.Replace("true,true,false", "ja,true,false", StringComparison.Ordinal)),
            (RegisterFiles.Blocks, RegisterFixture.Blocks.Replace("Monthly", "quarterly", StringComparison.Ordinal)),
            (RegisterFiles.Properties, RegisterFixture.Properties
                .Replace("2026-03-14,1998", "14/03/2026,98", StringComparison.Ordinal)
                .Replace("P003,,,", "P003,B07,,", StringComparison.Ordinal)),
            (RegisterFiles.Tenants, RegisterFixture.Tenants
                .Replace(",POST,", ",fax,", StringComparison.Ordinal)
                .Replace("T002,P002", "T001,P002", StringComparison.Ordinal)));

        var result = RegisterLoader.Parse(files, Dir, RegisterFixture.AsOf);

        Assert.Null(result.Register);
        Assert.Equal(
            [
                ("sites.csv", 2, "grass"),
                ("blocks.csv", 3, "cleaning"),
                ("properties.csv", 2, "last_gas_check"),
                ("properties.csv", 2, "kitchen_year"),
                ("properties.csv", 4, "block_id"),
                ("tenants.csv", 3, "tenant_id"),
                ("tenants.csv", 4, "channel"),
            ],
            result.Problems.Select(p => (Path.GetFileName(p.Location.File), p.Location.Line, p.Message.Split(' ')[0])));
    }

    [Fact]
    public void Parse_CsvSyntaxProblem_IsReportedWithTheOtherProblems()
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Sites, 3, "S02,Calder \"Rise\",south,ZZ2 3DR,false,maybe,false");

        var result = RegisterLoader.Parse(files, Dir, RegisterFixture.AsOf);

        Assert.Equal(
            [new SourceLocation(PathOf("sites.csv"), 3, 12), new SourceLocation(PathOf("sites.csv"), 3, 39)],
            result.Problems.Select(p => p.Location));
    }

    [Fact]
    public void Parse_UnterminatedQuote_IsReportedAndTheFileStopsThere()
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Properties, 4, "P003,,,\"9 Mill Street, Hallowby,ZZ1 5NS,north,true,,2001,,2019");

        var result = RegisterLoader.Parse(files, Dir, RegisterFixture.AsOf);

        Assert.Null(result.Register);
        Assert.Collection(
            result.Problems,
            p =>
            {
                Assert.Equal(new SourceLocation(PathOf("properties.csv"), 4, 8), p.Location);
                Assert.Contains("no closing quote", p.Message, StringComparison.Ordinal);
            },
            p => Assert.Equal("property_id 'P003' is not in properties.csv", p.Message));
    }

    [Fact]
    public void Parse_BomAndWindowsLineEndingsInText_ReadTheSameAsPlainText()
    {
        var files = RegisterFixture.Files();
        foreach (var name in files.Keys.ToList())
        {
            files[name] = "\uFEFF" + files[name].Replace("\n", "\r\n", StringComparison.Ordinal);
        }

        files[RegisterFiles.Sites] = files[RegisterFiles.Sites].Replace("S02,Calder Rise,south,ZZ2 3DR,false", "S02,Calder Rise,south,ZZ2 3DR,no", StringComparison.Ordinal);

        var problem = SingleProblem(files);

        Assert.Equal(new SourceLocation(PathOf("sites.csv"), 3, 31), problem.Location);
        files[RegisterFiles.Sites] = "\uFEFF" + RegisterFixture.Sites.Replace("\n", "\r\n", StringComparison.Ordinal);
        var result = RegisterLoader.Parse(files, Dir, RegisterFixture.AsOf);
        Assert.Empty(result.Problems);
        Assert.Equal("north", result.Register!.Areas[0].Id);
        Assert.Equal("site_id", result.Register.Sites[0].Attributes.Keys.First());
        Assert.Equal("ZZ1 5NS", result.Register.Homes[2].Postcode);
    }
}
