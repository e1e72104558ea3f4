using System.Text;
using Scheduler.Domain;
using Scheduler.Worker.Register;

namespace Scheduler.Worker.Tests.Register;

/// <summary><see cref="RegisterLoader.Load"/> against real files in a temporary folder.</summary>
public sealed class RegisterLoaderFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("register-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(IReadOnlyDictionary<string, string> files, Encoding encoding)
    {
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Join(_dir, name), text, encoding);
        }
    }

    [Fact]
    public void Load_FilesWithBomAndWindowsLineEndings_ReadsTheRegister()
    {
        var files = RegisterFixture.Files().ToDictionary(f => f.Key, f => f.Value.Replace("\n", "\r\n", StringComparison.Ordinal));
        Write(files, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal(0xEF, File.ReadAllBytes(Path.Join(_dir, RegisterFiles.Areas))[0]);

        var result = RegisterLoader.Load(_dir, RegisterFixture.AsOf);

        Assert.Empty(result.Problems);
        var plain = RegisterLoader.Parse(RegisterFixture.Files(), "x", RegisterFixture.AsOf).Register!;
        Assert.Equal(plain.Areas, result.Register!.Areas);
        Assert.Equal(plain.Tenants, result.Register.Tenants);
        Assert.Equal(plain.Homes.Select(h => (h.Id, h.Address, h.LastGasCheck)), result.Register.Homes.Select(h => (h.Id, h.Address, h.LastGasCheck)));
        Assert.Equal("area_id", result.Register.Sites[0].Attributes.Keys.ElementAt(2));
    }

    [Fact]
    public void Load_ProblemInAFile_IsLocatedByItsFullPath()
    {
        var files = RegisterFixture.WithLine(RegisterFiles.Blocks, 3, "B02,S02,Calder House,south,sometimes");
        Write(files, new UTF8Encoding(false));

        var result = RegisterLoader.Load(_dir, RegisterFixture.AsOf);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(new SourceLocation(Path.Join(_dir, "blocks.csv"), 3, 28), problem.Location);
    }

    [Fact]
    public void Load_MissingFiles_AreEachNamedByPath()
    {
        var files = RegisterFixture.Files();
        files.Remove(RegisterFiles.Sites);
        files.Remove(RegisterFiles.Tenants);
        Write(files, new UTF8Encoding(false));

        var result = RegisterLoader.Load(_dir, RegisterFixture.AsOf);

        Assert.Null(result.Register);
        Assert.Equal(
            [Path.Join(_dir, "sites.csv"), Path.Join(_dir, "tenants.csv")],
            result.Problems.Select(p => p.Location.File));
        Assert.All(result.Problems, p => Assert.Equal("the file is missing", p.Message));
    }

    [Fact]
    public void Load_MissingFolder_IsOneProblemNamingIt()
    {
        var missing = Path.Join(_dir, "no-such-folder");

        var result = RegisterLoader.Load(missing, RegisterFixture.AsOf);

        var problem = Assert.Single(result.Problems);
        Assert.Equal(new SourceLocation(missing, 0, 0), problem.Location);
        Assert.Null(result.Register);
    }

    [Fact]
    public void Load_LargeRegister_LoadsInSeconds()
    {
        const int homes = 300_000;
        var files = RegisterFixture.Files();
        var properties = new StringBuilder(homes * 90);
        var tenants = new StringBuilder(homes * 80);
        properties.Append("property_id,block_id,site_id,address,postcode,area_id,gas,last_gas_check,kitchen_year,bathroom_year,boiler_year,bedrooms\n");
        tenants.Append("tenant_id,property_id,name,email,phone,channel,large_print,language\n");
        for (var i = 0; i < homes; i++)
        {
            var block = i % 2 == 0 ? "B01,S01" : ",";
            var gas = i % 10 < 7;
            properties.Append(
                $"P{i:D7},{block},\"Flat {i % 40}, {i} Long Road, Hallowby\",ZZ1 4AS,north,{(gas ? "true" : "false")},{(gas ? $"2026-{(i % 12) + 1:D2}-{(i % 28) + 1:D2}" : "")},{1995 + (i % 30)},{1995 + (i % 29)},,{(i % 4) + 1}\n");
            tenants.Append($"T{i:D7},P{i:D7},Tenant {i},t{i}@example.org,07700 900{i % 1000:D3},{(i % 3 == 0 ? "post" : "email")},false,en\n");
        }

        files[RegisterFiles.Properties] = properties.ToString();
        files[RegisterFiles.Tenants] = tenants.ToString();
        Write(files, new UTF8Encoding(false));

        // Correctness at full scale only: speed is measured by benchmarks, never asserted in a unit test.
        var result = RegisterLoader.Load(_dir, RegisterFixture.AsOf);

        Assert.Empty(result.Problems);
        Assert.Equal(homes, result.Register!.Homes.Count);
        Assert.Equal(homes, result.Register.Tenants.Count);
    }
}
