using NodaTime;
using Scheduler.Worker.Register;

namespace Scheduler.Worker.Tests.Register;

/// <summary>A small, valid register as file texts, for tests to break one piece at a time.</summary>
internal static class RegisterFixture
{
    /// <summary>
    /// The date the tests read registers as of (<see cref="RegisterLoader.Parse"/>'s asOf): the test worker's day,
    /// after every date in these files and in the sample (whose checks run to 2026-11-20).
    /// </summary>
    public static readonly LocalDate AsOf = new(2027, 1, 4);

    public const string Areas = """
        area_id,name
        north,North patch
        south,South patch

        """;

    public const string Sites = """
        site_id,name,area_id,postcode,grass,hedges,hardstanding
        S01,Ashworth Court,north,ZZ1 4AS,true,true,false
        S02,Calder Rise,south,ZZ2 3DR,false,TRUE,False

        """;

    public const string Blocks = """
        block_id,site_id,name,area_id,cleaning
        B01,S01,Ashworth House,north,weekly
        B02,S02,Calder House,south,Monthly

        """;

    public const string Properties = """
        property_id,block_id,site_id,address,postcode,area_id,gas,last_gas_check,kitchen_year,bathroom_year,boiler_year
        P001,B01,S01,"Flat 1, Ashworth House",ZZ1 4AS,north,true,2026-03-14,1998,2010,2015
        P002,B02,S02,"Flat 1, Calder House",ZZ2 3DR,south,false,,,,
        P003,,,"9 Mill Street, Hallowby",ZZ1 5NS,north,true,,2001,,2019

        """;

    public const string Tenants = """
        tenant_id,property_id,name,email,phone,channel,large_print,language
        T001,P001,Ann Hartley,ann.hartley@example.org,07700 900123,email,false,en
        T002,P002,Tomasz Zielinski,,,post,true,pl
        T003,P003,Rosie Thwaite,rosie@example.com,,POST,,

        """;

    /// <summary>The five valid files, with <paramref name="replace"/> swapped in by file name.</summary>
    public static Dictionary<string, string> Files(params (string Name, string Text)[] replace)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [RegisterFiles.Areas] = Areas,
            [RegisterFiles.Sites] = Sites,
            [RegisterFiles.Blocks] = Blocks,
            [RegisterFiles.Properties] = Properties,
            [RegisterFiles.Tenants] = Tenants,
        };
        foreach (var (name, text) in replace)
        {
            files[name] = text;
        }

        return files;
    }

    /// <summary>The valid register with <paramref name="line"/> (1-based, header is 1) of one file replaced.</summary>
    public static Dictionary<string, string> WithLine(string name, int line, string text)
    {
        var files = Files();
        var lines = files[name].Split('\n');
        lines[line - 1] = text;
        files[name] = string.Join('\n', lines);
        return files;
    }

    /// <summary>The valid register with one more line appended to one file.</summary>
    public static Dictionary<string, string> WithExtraLine(string name, string text)
    {
        var files = Files();
        files[name] += text + "\n";
        return files;
    }

    /// <summary>The repository's <c>config/sample</c> folder.</summary>
    public static string SampleDirectory() => RepositoryRoot.SampleFolder;
}
