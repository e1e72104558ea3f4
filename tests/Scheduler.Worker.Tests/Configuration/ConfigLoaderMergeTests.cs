using Scheduler.Worker.Configuration;

using static Scheduler.Worker.Tests.Configuration.ConfigFixture;

namespace Scheduler.Worker.Tests.Configuration;

/// <summary>Reading a folder of files: which files, in what order, how they merge, and what clashes.</summary>
public sealed class ConfigLoaderMergeTests : IDisposable
{
    private const string GrassSchedule = """
        schedules:
          - id: grass
            service: grass-cut
            appliesTo: sites
            recurrence: { months: [Mar] }
        """;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("config-loader-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Load_EmptyFolder_IsOneClearProblem()
    {
        var problem = Single(ConfigLoader.Load(_folder.FullName));

        Assert.Equal(_folder.FullName, problem.Location.ToString());
        Assert.Equal("there are no configuration files (*.yaml or *.yml) in the configuration folder", problem.Message);
    }

    [Fact]
    public void Load_MissingFolder_IsOneClearProblem()
    {
        var missing = Path.Join(_folder.FullName, "nowhere");

        var problem = Single(ConfigLoader.Load(missing));

        Assert.Equal(missing, problem.Location.File);
        Assert.Equal("the configuration folder does not exist", problem.Message);
    }

    [Fact]
    public void Load_ReadsYamlAndYmlDirectlyInTheFolder_InNameOrder()
    {
        Write("b-services.yml", Services);
        Write("a-base.yaml", Organisation);
        Write("d-more.yaml", GrassSchedule.Replace("id: grass", "id: grass-2", StringComparison.Ordinal));
        Write("c-grounds.yaml", GrassSchedule);
        Write("notes.txt", "not: [yaml");
        Directory.CreateDirectory(Path.Join(_folder.FullName, "sample"));
        Write(Path.Join("sample", "broken.yaml"), "schedules: [");

        var result = ConfigLoader.Load(_folder.FullName);

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal(["grass", "grass-2"], result.Configuration!.Schedules.Select(s => s.Id));
        Assert.Equal(new Scheduler.Domain.SourceLocation(Path.Join(_folder.FullName, "c-grounds.yaml"), 2, 5), result.Configuration.Schedules[0].Origin);
    }

    [Fact]
    public void Load_Problem_NamesTheFileUnderTheFolderGiven()
    {
        Write("base.yaml", Organisation + "\n" + Services);
        Write("grounds.yaml", GrassSchedule.Replace("[Mar]", "[Mars]", StringComparison.Ordinal));

        var problem = Single(ConfigLoader.Load(_folder.FullName));

        AssertAt(problem, Path.Join(_folder.FullName, "grounds.yaml"), 5, 28);
    }

    [Fact]
    public void Parse_NoFiles_IsOneClearProblem()
    {
        var problem = Single(ConfigLoader.Parse([]));

        Assert.Equal("config", problem.Location.ToString());
    }

    [Fact]
    public void Parse_ListsConcatenateInFileNameOrder_WhateverOrderTheyAreGiven()
    {
        var result = ConfigLoader.Parse(
        [
            ("b.yaml", GrassSchedule.Replace("id: grass", "id: from-b", StringComparison.Ordinal)),
            ("base.yaml", Organisation + "\n" + Services),
            ("a.yaml", GrassSchedule.Replace("id: grass", "id: from-a", StringComparison.Ordinal)),
        ]);

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal(["from-a", "from-b"], result.Configuration!.Schedules.Select(s => s.Id));
    }

    [Fact]
    public void Parse_DuplicateIdsAcrossFiles_NameBothPlaces()
    {
        var result = ParseWithBase(
            ("cleaning.yaml", GrassSchedule),
            ("grounds.yaml", GrassSchedule),
            ("z-services.yaml", "services:\n  - { id: grass-cut, name: Mowing }\n"));

        Assert.Equal(
            [
                "grounds.yaml:2:9: schedule id 'grass' is used twice, here and at cleaning.yaml:2:9; ids must be unique across all files (found 'grass')",
                "z-services.yaml:2:11: service id 'grass-cut' is used twice, here and at base.yaml:4:11; ids must be unique across all files (found 'grass-cut')",
            ],
            result.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Parse_DuplicateIdInOneFile_NamesBothLines()
    {
        var problem = Single(ParseWithBase(("grounds.yaml", GrassSchedule + "\n" + GrassSchedule["schedules:\n".Length..])));

        AssertAt(problem, "grounds.yaml", 6, 9);
        Assert.Contains("here and at grounds.yaml:2:9", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HorizonSetInTwoFiles_NamesBoth()
    {
        var problem = Single(ParseWithBase(("planning.yaml", "# how far ahead\nhorizon: 12 weeks\n")));

        AssertAt(problem, "planning.yaml", 2, 1);
        Assert.Equal("horizon is set in two files, here and at base.yaml:2:1; set it in one file only", problem.Message);
    }

    [Fact]
    public void Parse_OrganisationSplitOverFiles_MergesItsKeys()
    {
        var result = ConfigLoader.Parse(
        [
            ("a.yaml", "organisation:\n  name: Example Homes\n  timeZone: Europe/London\nhorizon: 8 weeks\n"),
            ("b.yaml", "organisation:\n  bankHolidays: scotland\n  phone: 0808 157 0000\n"),
        ]);

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal(Scheduler.Domain.WorkingDays.BankHolidayRegion.Scotland, result.Configuration!.Organisation.BankHolidays);
        Assert.Equal("0808 157 0000", result.Configuration.Organisation.Phone);
    }

    [Fact]
    public void Parse_OrganisationKeySetInTwoFiles_NamesBoth()
    {
        var problem = Single(ParseWithBase(("letters.yaml", "organisation:\n  name: Other Homes\n")));

        AssertAt(problem, "letters.yaml", 2, 3);
        Assert.Equal("organisation.name is set in two files, here and at base.yaml:1:17; set it in one file only", problem.Message);
    }

    [Fact]
    public void Parse_ImprovementComponentInTwoFiles_NamesBoth_OthersMerge()
    {
        var result = ParseWithBase(
            ("improvements.yaml", "improvements:\n  kitchen: { lifetime: 20 years }\n  boiler: { lifetime: 15 years }\n"),
            ("more.yaml", "improvements:\n  roof: { lifetime: 50 years }\n  kitchen: { lifetime: 25 years }\n"));

        var problem = Single(result);
        AssertAt(problem, "more.yaml", 3, 3);
        Assert.Equal("improvements.kitchen is set in two files, here and at improvements.yaml:2:3; set it in one file only", problem.Message);
        var fixedUp = ParseWithBase(
            ("improvements.yaml", "improvements:\n  kitchen: { lifetime: 20 years }\n"),
            ("more.yaml", "improvements:\n  roof: { lifetime: 50 years }\n"));
        Assert.Equal(new Dictionary<string, int> { ["kitchen"] = 20, ["roof"] = 50 }, fixedUp.Configuration!.ImprovementLifetimes);
    }

    [Fact]
    public void Parse_YamlSyntaxError_GivesFileLineColumnAndTheParsersReason()
    {
        var problem = Single(ParseWithBase(("grounds.yaml", """
            schedules:
              - id: grass
                recurrence: { months: [Mar }
            """)));

        AssertAt(problem, "grounds.yaml", 3, 32); // the '}' where ']' was expected
        Assert.Equal("this is not valid YAML: While parsing a flow sequence, did not find expected ',' or ']'", problem.Message);
    }

    [Fact]
    public void Parse_TabIndentation_IsASyntaxErrorThatSaysSo()
    {
        var problem = Single(ParseWithBase(("grounds.yaml", "schedules:\n  - id: grass\n    service: grass-cut\n\tappliesTo: sites\n")));

        AssertAt(problem, "grounds.yaml", 3, 14);
        Assert.EndsWith("(from here to line 4, column 1); YAML indents with spaces, never tabs", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateKeyInOneMapping_IsASyntaxError()
    {
        var problem = Single(ParseWithBase(("grounds.yaml", GrassSchedule + "\n    service: hedge-cut\n")));

        AssertAt(problem, "grounds.yaml", 6, 5);
        Assert.StartsWith("this is not valid YAML: Duplicate key", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralErrorsInSeveralFiles_AreAllReportedInFileOrder()
    {
        var result = ParseWithBase(
            ("cleaning.yaml", "schedules:\n  - id: clean\n    service: block-clean\n    appliesTo: blocks\n    recurrence: { every: 1 week, on: Sunday }\n"),
            ("grounds.yaml", "schedules:\n  - id: hedges\n    service: hedge-cut\n    appliesTo: site\n    recurrence: { months: [Jun] }\n"),
            ("contractors.yaml", "contractors:\n  - id: c1\n    name: C1\n    email: c1@example.com\n    services: [block-clean]\n    areas: [north]\n    dispatch: monthly\n"),
            ("gas.yaml", "schedules: [\n"));

        Assert.Equal(
            ["cleaning.yaml:5:38", "contractors.yaml:7:15", "gas.yaml:2:1", "grounds.yaml:4:16"],
            result.Problems.Select(p => p.Location.ToString()));
        Assert.Null(result.Configuration);
    }

    [Fact]
    public void Parse_NestingErrorAndSyntaxErrorInOtherFiles_AreReportedTogether()
    {
        var result = ParseWithBase(
            ("grounds.yaml", "schedules:\n  - id: hedges\n    service: hedge-cut\n    appliesTo: sites\n    recurrence: { months: [Jun] }\n"),
            ("gas.yaml", "schedules: [\n"));

        Assert.Equal(["gas.yaml:2:1", "grounds.yaml:5:17"], result.Problems.Select(p => p.Location.ToString()));
    }

    [Fact]
    public void Parse_TwoDocumentsInOneFile_IsRefused()
    {
        var problem = Single(ParseWithBase(("grounds.yaml", GrassSchedule + "\n---\n" + GrassSchedule)));

        AssertAt(problem, "grounds.yaml", 7, 1);
        Assert.StartsWith("a config file holds one YAML document", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyCommentOnlyAndEmptyListFiles_AddNothing()
    {
        var result = ParseWithBase(("a.yaml", string.Empty), ("b.yaml", "# schedules go here later\n"), ("c.yaml", "schedules:\ncontractors: []\n"));

        Assert.True(result.Succeeded, Describe(result));
        Assert.Empty(result.Configuration!.Schedules);
    }

    [Fact]
    public void Parse_AnchorsAndAliases_AreReadAsTheirValue()
    {
        var result = ParseWithBase(("contractors.yaml", """
            contractors:
              - id: greenscape
                name: Greenscape Grounds Ltd
                email: jobs@greenscape.example
                services: [grass-cut]
                areas: &everywhere [north, south, east]
                dispatch: weekly
              - id: sparkle
                name: Sparkle Cleaning Ltd
                email: jobs@sparkle.example
                services: [block-clean]
                areas: *everywhere
                dispatch: per-order
            """));

        Assert.True(result.Succeeded, Describe(result));
        Assert.Equal(["north", "south", "east"], result.Configuration!.Contractors[1].Areas);
    }

    [Fact]
    public void Parse_MergeKey_IsRefusedWithAClearMessage()
    {
        var problem = Single(ParseWithBase(("grounds.yaml", """
            schedules:
              - &grass
                id: grass
                service: grass-cut
                appliesTo: sites
                recurrence: { months: [Mar] }
              - <<: *grass
                id: grass-2
            """)));

        AssertAt(problem, "grounds.yaml", 7, 5); // <<
        Assert.StartsWith("YAML merge keys (<<) are not supported", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Version_DependsOnNamesAndContentNotOnTheOrderGiven()
    {
        (string, string)[] files = [("base.yaml", Organisation + "\n" + Services), ("grounds.yaml", GrassSchedule)];

        var version = ConfigLoader.Parse(files).Configuration!.Version;

        Assert.Matches("^[0-9a-f]{12}$", version);
        Assert.Equal(version, ConfigLoader.Parse([files[1], files[0]]).Configuration!.Version);
        Assert.NotEqual(version, ConfigLoader.Parse([files[0], ("grounds.yaml", GrassSchedule + "# note\n")]).Configuration!.Version);
        Assert.NotEqual(version, ConfigLoader.Parse([files[0], ("other.yaml", GrassSchedule)]).Configuration!.Version);
    }

    [Fact]
    public void Load_Version_IsTheSameAsParseOfTheSameFiles()
    {
        Write("base.yaml", Organisation + "\n" + Services);
        Write("grounds.yaml", GrassSchedule);

        var loaded = ConfigLoader.Load(_folder.FullName).Configuration!.Version;

        Assert.Equal(ConfigLoader.Parse([("base.yaml", Organisation + "\n" + Services), ("grounds.yaml", GrassSchedule)]).Configuration!.Version, loaded);
    }

    private void Write(string name, string text) => File.WriteAllText(Path.Join(_folder.FullName, name), text);
}
