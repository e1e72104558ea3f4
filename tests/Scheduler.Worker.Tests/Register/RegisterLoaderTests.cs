using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Domain.Estate;
using Scheduler.Worker.Register;

namespace Scheduler.Worker.Tests.Register;

public sealed partial class RegisterLoaderTests
{
    private const string Dir = "estate";

    private static string PathOf(string file) => Path.Join(Dir, file);

    private static ConfigProblem SingleProblem(Dictionary<string, string> files)
    {
        var result = RegisterLoader.Parse(files, Dir, RegisterFixture.AsOf);
        Assert.Null(result.Register);
        return Assert.Single(result.Problems);
    }

    [Fact]
    public void Parse_ValidFiles_BuildsTheRegister()
    {
        var result = RegisterLoader.Parse(RegisterFixture.Files(), Dir, RegisterFixture.AsOf);

        Assert.Empty(result.Problems);
        Assert.True(result.Succeeded);
        var register = result.Register!;
        Assert.Equal(["north", "south"], register.Areas.Select(a => a.Id));
        Assert.Equal(new Area("south", "South patch"), register.Areas[1]);

        var calder = register.Sites[1];
        Assert.Equal(("S02", "Calder Rise", "south", "ZZ2 3DR"), (calder.Id, calder.Name, calder.AreaId, calder.Postcode));
        Assert.Equal((false, true, false), (calder.Grass, calder.Hedges, calder.Hardstanding));

        Assert.Equal(CleaningFrequency.Weekly, register.Blocks[0].Cleaning);
        Assert.Equal(CleaningFrequency.Monthly, register.Blocks[1].Cleaning);
        Assert.Equal("S02", register.Blocks[1].SiteId);

        var flat = register.Homes[0];
        Assert.Equal(("B01", "S01", "Flat 1, Ashworth House"), (flat.BlockId, flat.SiteId, flat.Address));
        Assert.True(flat.Gas);
        Assert.Equal(new LocalDate(2026, 3, 14), flat.LastGasCheck);
        Assert.Equal((1998, 2010, 2015), (flat.KitchenYear, flat.BathroomYear, flat.BoilerYear));

        var street = register.Homes[2];
        Assert.Null(street.BlockId);
        Assert.Null(street.SiteId);
        Assert.Null(street.LastGasCheck);
        Assert.Null(street.BathroomYear);
        Assert.Equal(2001, street.KitchenYear);
        Assert.Same(street, register.FindAsset("P003"));

        Assert.Equal(new Tenant("T001", "P001", "Ann Hartley", "ann.hartley@example.org", "07700 900123", ContactChannel.Email, false, "en"), register.Tenants[0]);
        Assert.Equal(new Tenant("T002", "P002", "Tomasz Zielinski", null, null, ContactChannel.Post, true, "pl"), register.Tenants[1]);
        // Empty large_print means no large print; empty language means English; channel ignores case.
        Assert.Equal(new Tenant("T003", "P003", "Rosie Thwaite", "rosie@example.com", null, ContactChannel.Post, false, "en"), register.Tenants[2]);
    }

    [Fact]
    public void Parse_EveryColumn_IsInAttributesByLowerCaseName()
    {
        var files = RegisterFixture.Files((RegisterFiles.Sites, """
            Site_ID,Name,Area_Id,Postcode,Grass,Hedges,Hardstanding,Ward,Play Area
            S01,Ashworth Court,north,ZZ1 4AS,true,true,false,  Brackendale ,yes
            S02,Calder Rise,south,ZZ2 3DR,false,true,false,,no

            """));

        var register = RegisterLoader.Parse(files, Dir, RegisterFixture.AsOf).Register!;

        var site = register.Sites[0];
        Assert.Equal(
            ["site_id", "name", "area_id", "postcode", "grass", "hedges", "hardstanding", "ward", "play area"],
            site.Attributes.Keys);
        Assert.Equal("Brackendale", site.Attributes["ward"]);
        Assert.Equal("yes", site.Attributes["PLAY AREA"]);
        Assert.Equal("true", site.Attributes["grass"]);
        Assert.Equal(string.Empty, register.Sites[1].Attributes["ward"]);
        Assert.False(site.Attributes.ContainsKey("missing"));
        Assert.True(site.Matches(new Dictionary<string, string> { ["ward"] = "brackendale", ["grass"] = "TRUE" }));
        Assert.False(register.Sites[1].Matches(new Dictionary<string, string> { ["play area"] = "yes" }));
    }

    [Fact]
    public void Parse_BlocksAndHomes_CarryTheirRowAsAttributes()
    {
        var register = RegisterLoader.Parse(RegisterFixture.Files(), Dir, RegisterFixture.AsOf).Register!;

        Assert.Equal("weekly", register.Blocks[0].Attributes["cleaning"]);
        Assert.True(register.Blocks[0].Matches(new Dictionary<string, string> { ["cleaning"] = "weekly" }));
        Assert.Equal(11, register.Homes[0].Attributes.Count);
        Assert.Equal("Flat 1, Ashworth House", register.Homes[0].Attributes["address"]);
        Assert.Equal(string.Empty, register.Homes[2].Attributes["block_id"]);
    }

    [Fact]
    public void Parse_QuotedFieldsWithCommasNewlinesAndQuotes_AreRead()
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Properties, 4,
            "P003,,,\"The Lodge, \"\"Top\"\" Flat\n9 Mill Street, Hallowby\",ZZ1 5NS,north,true,,2001,,2019");
        files[RegisterFiles.Areas] = "area_id,name\nnorth,\"North, \"\"upper\"\" patch\"\nsouth,South\n";

        var result = RegisterLoader.Parse(files, Dir, RegisterFixture.AsOf);

        Assert.Empty(result.Problems);
        Assert.Equal("The Lodge, \"Top\" Flat\n9 Mill Street, Hallowby", result.Register!.Homes[2].Address);
        Assert.Equal("North, \"upper\" patch", result.Register.Areas[0].Name);
    }

    [Fact]
    public void Parse_ProblemAfterAMultiLineField_PointsAtTheRightLine()
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Properties, 4,
            "P003,,,\"The Lodge\n9 Mill Street\",ZZ1 5NS,north,maybe,,2001,,2019");

        var problem = SingleProblem(files);

        // "maybe" is on the record's second line, after `9 Mill Street",ZZ1 5NS,north,`.
        Assert.Equal((PathOf("properties.csv"), 5, 30), (problem.Location.File, problem.Location.Line, problem.Location.Column));
    }

    [Fact]
    public void Parse_ExtraColumnsInTenants_AreAllowed()
    {
        var files = RegisterFixture.Files((RegisterFiles.Tenants, """
            tenant_id,property_id,name,email,phone,channel,large_print,language,household_size
            T001,P001,Ann Hartley,ann@example.org,,email,false,en,2

            """));

        var result = RegisterLoader.Parse(files, Dir, RegisterFixture.AsOf);

        Assert.Empty(result.Problems);
        Assert.Single(result.Register!.Tenants);
    }
}
