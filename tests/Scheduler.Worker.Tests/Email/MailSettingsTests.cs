using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email;

/// <summary>Reading the Smtp:* and Mail:* settings, with every problem named by its key.</summary>
public sealed class MailSettingsTests
{
    [Fact]
    public void Read_SmtpHost_GivesSmtpSettingsWithDefaults()
    {
        var (settings, problems) = Read(("Smtp:Host", "mail.example.org"), ("Smtp:From", "Example Homes <orders@examplehomes.example>"));

        Assert.Empty(problems);
        Assert.Equal(new SmtpSettings("mail.example.org", 587, SmtpSecurity.StartTls), settings!.Smtp);
        Assert.Equal(("Example Homes", "orders@examplehomes.example"), (settings.From.Name, settings.From.Address));
        Assert.IsType<SmtpTransport>(settings.CreateTransport());
    }

    [Theory]
    [InlineData("None", 25)]
    [InlineData("starttls", 587)]
    [InlineData("SslOnConnect", 465)]
    public void Read_Security_ChoosesTheDefaultPort(string security, int port)
    {
        var (settings, _) = Read(("Smtp:Host", "h"), ("Smtp:From", "a@b.example"), ("Smtp:Security", security));

        Assert.Equal(port, settings!.Smtp!.Port);
    }

    [Fact]
    public void Read_EverySetting_IsUsed()
    {
        var (settings, problems) = Read(
            ("Smtp:Host", "127.0.0.1"),
            ("Smtp:Port", "2525"),
            ("Smtp:Security", "None"),
            ("Smtp:User", "scheduler"),
            ("Smtp:Password", "s3cret"),
            ("Smtp:From", "orders@examplehomes.example"),
            ("Smtp:TimeoutSeconds", "15"),
            ("Smtp:MessagesPerConnection", "200"));

        Assert.Empty(problems);
        Assert.Equal(
            new SmtpSettings("127.0.0.1", 2525, SmtpSecurity.None, "scheduler", "s3cret") { Timeout = TimeSpan.FromSeconds(15), MessagesPerConnection = 200 },
            settings!.Smtp);
        Assert.DoesNotContain("s3cret", settings.Smtp!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoHost_UsesThePickupFolder()
    {
        var (settings, problems) = Read(("Smtp:From", "orders@examplehomes.example"), ("Mail:PickupDirectory", "/var/mail/pickup"));

        Assert.Empty(problems);
        Assert.Null(settings!.Smtp);
        Assert.Equal("/var/mail/pickup", Assert.IsType<PickupDirectoryTransport>(settings.CreateTransport()).Directory);
    }

    [Fact]
    public void Read_BadValues_ListsEveryProblemByKey()
    {
        var (settings, problems) = Read(
            ("Smtp:Host", "mail.example.org"),
            ("Smtp:Port", "99999"),
            ("Smtp:Security", "Tls"),
            ("Smtp:Password", "s3cret"),
            ("Smtp:From", "not an address"),
            ("Smtp:TimeoutSeconds", "soon"),
            ("Smtp:MessagesPerConnection", "0"));

        Assert.Null(settings);
        Assert.Equal(
        [
            "Smtp:From 'not an address' is not an email address; e.g. 'Example Homes <repairs@examplehomes.example>'.",
            "Smtp:Security 'Tls' is not one of None, StartTls, SslOnConnect.",
            "Smtp:Port '99999' is not a port number (1 to 65535).",
            "Smtp:Password is set but Smtp:User is not: set both to log in, or neither.",
            "Smtp:TimeoutSeconds 'soon' is not a whole number of seconds from 1 to 3600.",
            "Smtp:MessagesPerConnection '0' is not a whole number of 1 or more.",
        ],
            problems);
        Assert.DoesNotContain(problems, p => p.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_Nothing_SaysWhatIsNeeded()
    {
        var (settings, problems) = Read();

        Assert.Null(settings);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Smtp:From is not set", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Neither Smtp:Host nor Mail:PickupDirectory is set", StringComparison.Ordinal));
    }

    private static (MailSettings? Settings, IReadOnlyList<string> Problems) Read(params (string Key, string Value)[] values)
    {
        var map = values.ToDictionary(v => v.Key, v => v.Value);
        return MailSettings.Read(key => map.GetValueOrDefault(key));
    }
}
