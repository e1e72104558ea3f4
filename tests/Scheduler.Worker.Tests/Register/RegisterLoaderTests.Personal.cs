using Scheduler.Domain;
using Scheduler.Worker.Register;

namespace Scheduler.Worker.Tests.Register;

/// <summary>
/// A problem in a cell of personal data (a tenant's name, email address or phone number, a home's address or postcode, a
/// site's postcode) names the file, line, column and what is wrong, never the cell's text: <c>import</c>'s output is the
/// container's log (docs/register.md, Problems). Other values are still quoted: they help find the mistake.
/// </summary>
public sealed partial class RegisterLoaderTests
{
    private const string NotShown = " (its text is not shown: personal data)";

    [Theory]
    [InlineData(RegisterFiles.Sites, 3, "S02,Calder Rise,south,ZZ2 3\"DR,false,TRUE,False", "\"DR", "postcode", "ZZ2 3")]
    [InlineData(RegisterFiles.Properties, 3, "P002,B02,S02,\"Flat 1, Calder House\"annexe,ZZ2 3DR,south,false,,,,", "annexe", "address", "annexe")]
    [InlineData(RegisterFiles.Properties, 4, "P003,,,\"9 Mill Street, Hallowby\",ZZ1 \"5NS\",north,true,,2001,,2019", "\"5NS", "postcode", "ZZ1 ")]
    [InlineData(RegisterFiles.Tenants, 2, "T001,P001,Ann \"Nan\" Hartley,ann.hartley@example.org,07700 900123,email,false,en", "\"Nan", "name", "Ann ")]
    [InlineData(RegisterFiles.Tenants, 2, "T001,P001,Ann Hartley,ann.\"hartley@example.org,07700 900123,email,false,en", "\"hartley", "email", "ann.")]
    [InlineData(RegisterFiles.Tenants, 2, "T001,P001,Ann Hartley,ann.hartley@example.org,07700 \"900123\",email,false,en", "\"900123", "phone", "07700")]
    public void Parse_SyntaxProblemInAPersonalCell_NamesLineAndColumnWithoutTheText(string file, int line, string text, string at, string column, string secret)
    {
        var files = RegisterFixture.WithLine(file, line, text);

        var problem = SingleProblem(files);

        Assert.Equal(new SourceLocation(PathOf(file), line, text.IndexOf(at, StringComparison.Ordinal) + 1), problem.Location);
        Assert.StartsWith($"{column}: ", problem.Message, StringComparison.Ordinal);
        Assert.EndsWith(NotShown, problem.Message, StringComparison.Ordinal);
        Assert.Null(problem.Value);
        Assert.DoesNotContain(secret, problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ann.hartley.example", "no '@'")]
    [InlineData("ann@hartley", "no dot after the '@' (a domain such as example.org has one)")]
    [InlineData("ann@@hartley.example", "a second '@' at character 5")]
    [InlineData("ann hartley@hartley.example", "a space at character 4")]
    [InlineData("@hartley.example", "nothing before the '@'")]
    [InlineData("ann@", "nothing after the '@'")]
    [InlineData("ann@hartley..example", "an empty part in the domain after the '@' (a dot at its start or end, or two dots together)")]
    [InlineData("ann@hartley.example.", "an empty part in the domain after the '@' (a dot at its start or end, or two dots together)")]
    [InlineData("ann@hartley.example;bob@hartley.example", "a semicolon (one address only) at character 20")]
    [InlineData("<ann@hartley.example>", "an angle bracket (the bare address only, without a name) at character 1")]
    public void Parse_BadEmail_SaysWhyAndWhereWithoutTheAddress(string email, string why)
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Tenants, 2, $"T001,P001,Ann Hartley,{email},,post,false,en");

        var problem = SingleProblem(files);

        // "T001,P001,Ann Hartley," is 22 characters.
        Assert.Equal(new SourceLocation(PathOf("tenants.csv"), 2, 23), problem.Location);
        Assert.Equal($"email is not an email address: {why}{NotShown}", problem.Message);
        Assert.Null(problem.Value);
        Assert.Equal("one address like name@example.org, of at most 254 characters, or an empty cell", problem.Accepted);
        Assert.DoesNotContain(email, problem.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hartley.example", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmailLongerThan254Characters_IsAProblemSayingItsLength_AndOf254IsFine()
    {
        var tooLong = new string('a', 243) + "@hartley.example";
        var longest = new string('a', 238) + "@hartley.example";

        var problem = SingleProblem(RegisterFixture.WithLine(RegisterFiles.Tenants, 2, $"T001,P001,Ann Hartley,{tooLong},,email,false,en"));
        var fine = RegisterLoader.Parse(RegisterFixture.WithLine(RegisterFiles.Tenants, 2, $"T001,P001,Ann Hartley,{longest},,email,false,en"), Dir, RegisterFixture.AsOf);

        Assert.Equal(new SourceLocation(PathOf("tenants.csv"), 2, 23), problem.Location);
        Assert.Equal($"email is not an email address: longer than 254 characters (it has 259){NotShown}", problem.Message);
        Assert.DoesNotContain("aaaa", problem.ToString(), StringComparison.Ordinal);
        Assert.Empty(fine.Problems);
        Assert.Equal(longest, fine.Register!.Tenants[0].Email);
    }

    [Theory]
    [InlineData(RegisterFiles.Blocks, 3, "B02,S02,Calder House,south,daily", "cleaning", "daily")]
    [InlineData(RegisterFiles.Sites, 3, "S02,Calder \"Rise,south,ZZ2 3DR,false,TRUE,False", "name", "Calder \"")]
    [InlineData(RegisterFiles.Properties, 2, "P001,B01,S01,\"Flat 1, Ashworth House\",ZZ1 4AS,north,true,14/03/2026,1998,2010,2015", "last_gas_check", "14/03/2026")]
    [InlineData(RegisterFiles.Tenants, 2, "T001,P404,Ann Hartley,ann.hartley@example.org,07700 900123,email,false,en", "property_id", "P404")]
    [InlineData(RegisterFiles.Tenants, 2, "T001,P001,Ann Hartley,ann.hartley@example.org,07700 900123,fax,false,en", "channel", "fax")]
    [InlineData(RegisterFiles.Tenants, 2, "T001,P001,Ann Hartley,ann.hartley@example.org,07700 900123,email,yes,en", "large_print", "yes")]
    [InlineData(RegisterFiles.Tenants, 2, "T001,P001,Ann Hartley,ann.hartley@example.org,07700 900123,email,false,polish", "language", "polish")]
    [InlineData(RegisterFiles.Tenants, 2, "T0\"01,P001,Ann Hartley,ann.hartley@example.org,07700 900123,email,false,en", "tenant_id", "T0\"")]
    public void Parse_BadValueInAColumnThatIsNotPersonal_IsStillQuoted(string file, int line, string text, string column, string found)
    {
        var problem = SingleProblem(RegisterFixture.WithLine(file, line, text));

        Assert.Contains(column, problem.Message, StringComparison.Ordinal);
        Assert.Equal(found, problem.Value);
        Assert.Contains($"(found '{found}')", problem.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("not shown", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TenantsWithoutTheirHeaderLine_QuoteTheFirstRowOnlyAsFarAsItsId()
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Tenants, 1, "T009,P001,Jane Hartley,jane@hartley.example,07700 900999,email,false,en");

        var problem = SingleProblem(files);

        Assert.Equal(new SourceLocation(PathOf("tenants.csv"), 1, 1), problem.Location);
        Assert.Equal("the header must start with the columns tenant_id,property_id,name,email,phone,channel,large_print,language in this order (column 1 is 't009' but should be 'tenant_id')", problem.Message);
        Assert.Equal("t009,…", problem.Value);
        Assert.DoesNotContain("hartley", problem.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("900999", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HeaderLeftOutOfARowWithRepeatedExtraFields_DoesNotQuoteThem()
    {
        var files = RegisterFixture.Files((RegisterFiles.Tenants,
            "T009,P001,Jane Hartley,jane@hartley.example,07700 900999,email,false,en,Flat 9 Jane Hartley,Flat 9 Jane Hartley\n"));

        var result = RegisterLoader.Parse(files, Dir, RegisterFixture.AsOf);

        Assert.Equal(2, result.Problems.Count);
        Assert.Contains("column 10 has the same name as an earlier column of the header", result.Problems[1].Message, StringComparison.Ordinal);
        Assert.All(result.Problems, p => Assert.DoesNotContain("hartley", p.ToString(), StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(RegisterFiles.Tenants, "next_of_kin", "Bob \"Bobby\" Hartley", true)]
    [InlineData(RegisterFiles.Properties, "contact_phone", "01632 \"960\" 001", true)]
    [InlineData(RegisterFiles.Properties, "housing_officer_note", "Dog \"Rex\" on site", true)]
    [InlineData(RegisterFiles.Properties, "bedrooms", "3\"", false)]
    public void Parse_SyntaxProblemInAnExtraColumn_IsQuotedOnlyWhenTheColumnIsNotPersonal(string file, string column, string cell, bool withheld)
    {
        var lines = RegisterFixture.Files()[file].Split('\n');
        lines[0] += "," + column;
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length > 0)
            {
                lines[i] += i == 1 ? "," + cell : ",";
            }
        }

        var files = RegisterFixture.Files((file, string.Join('\n', lines)));

        var problem = SingleProblem(files);

        Assert.Equal(2, problem.Location.Line);
        Assert.StartsWith($"{column}: ", problem.Message, StringComparison.Ordinal);
        var before = cell[..cell.IndexOf('"', StringComparison.Ordinal)];
        if (withheld)
        {
            Assert.Null(problem.Value);
            Assert.EndsWith(NotShown, problem.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(before, problem.ToString(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(before + "\"", problem.Value);
        }
    }
}
