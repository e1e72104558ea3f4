using System.Globalization;
using MimeKit;

namespace Scheduler.Worker.Email;

/// <summary>
/// The email settings: the sender, and either an SMTP server or a pickup folder. Read them with <see cref="Read"/>
/// from any key/value source (<c>MailSettings.Read(key => configuration[key])</c>); see docs/email.md.
/// </summary>
public sealed record MailSettings(MailboxAddress From, SmtpSettings? Smtp, string? PickupDirectory)
{
    /// <summary>
    /// <c>Mail:LetterBatchDirectory</c>: the folder of the daily printable letter files for the mailing house
    /// (<c>2027-03-01.html</c>), for tenants who get letters by post or have no email address. Null when not set: such
    /// letters are then parked as dead with a message naming the setting.
    /// </summary>
    public string? LetterBatchDirectory { get; init; }

    /// <summary>
    /// Reads <c>Smtp:Host</c>, <c>Smtp:Port</c>, <c>Smtp:Security</c>, <c>Smtp:User</c>, <c>Smtp:Password</c>,
    /// <c>Smtp:From</c>, <c>Smtp:TimeoutSeconds</c>, <c>Smtp:MessagesPerConnection</c> and
    /// <c>Mail:PickupDirectory</c> and <c>Mail:LetterBatchDirectory</c>. With no <c>Smtp:Host</c>, messages go to the pickup folder, which must then be
    /// set. Returns the settings, or null and every problem (each naming the key; a password is never repeated).
    /// </summary>
    public static (MailSettings? Settings, IReadOnlyList<string> Problems) Read(Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var problems = new List<string>();
        string? Get(string key) => setting(key) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        MailboxAddress? from = null;
        var fromText = Get("Smtp:From");
        if (fromText is null)
        {
            problems.Add("Smtp:From is not set: give the sender, e.g. 'Example Homes <repairs@examplehomes.example>'.");
        }
        else if (!MailboxAddress.TryParse(ParserOptions.Default, fromText, out from) || !EmailAddresses.IsValid(from.Address))
        {
            problems.Add($"Smtp:From '{fromText}' is not an email address; e.g. 'Example Homes <repairs@examplehomes.example>'.");
        }

        SmtpSettings? smtp = null;
        var pickup = Get("Mail:PickupDirectory");
        var host = Get("Smtp:Host");
        if (host is null)
        {
            if (pickup is null)
            {
                problems.Add("Neither Smtp:Host nor Mail:PickupDirectory is set: set Smtp:Host to send by SMTP, or Mail:PickupDirectory to write .eml files.");
            }
        }
        else
        {
            smtp = ReadSmtp(host, Get, problems);
        }

        return problems.Count == 0
            ? (new MailSettings(from!, smtp, smtp is null ? pickup : null) { LetterBatchDirectory = Get("Mail:LetterBatchDirectory") }, problems)
            : (null, problems);
    }

    /// <summary>The transport these settings choose: SMTP when a host is set, otherwise the pickup folder.</summary>
    public IMailTransport CreateTransport() =>
        Smtp is not null ? new SmtpTransport(Smtp)
        : PickupDirectory is not null ? new PickupDirectoryTransport(PickupDirectory)
        : throw new InvalidOperationException("Mail settings have neither an SMTP server nor a pickup folder.");

    private static SmtpSettings? ReadSmtp(string host, Func<string, string?> get, List<string> problems)
    {
        var count = problems.Count;
        var security = SmtpSecurity.StartTls;
        if (get("Smtp:Security") is { } securityText
            && !(Enum.TryParse(securityText, ignoreCase: true, out security) && security != SmtpSecurity.Invalid && Enum.IsDefined(security)))
        {
            problems.Add($"Smtp:Security '{securityText}' is not one of None, StartTls, SslOnConnect.");
        }

        var port = security switch { SmtpSecurity.SslOnConnect => 465, SmtpSecurity.None => 25, _ => 587 };
        if (get("Smtp:Port") is { } portText && !(int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535))
        {
            problems.Add($"Smtp:Port '{portText}' is not a port number (1 to 65535).");
        }

        var user = get("Smtp:User");
        var password = get("Smtp:Password");
        if (user is null && password is not null)
        {
            problems.Add("Smtp:Password is set but Smtp:User is not: set both to log in, or neither.");
        }
        else if (user is not null && password is null)
        {
            problems.Add("Smtp:User is set but Smtp:Password is not: set both to log in, or neither.");
        }

        var timeout = 60;
        if (get("Smtp:TimeoutSeconds") is { } timeoutText
            && !(int.TryParse(timeoutText, NumberStyles.None, CultureInfo.InvariantCulture, out timeout) && timeout is >= 1 and <= 3600))
        {
            problems.Add($"Smtp:TimeoutSeconds '{timeoutText}' is not a whole number of seconds from 1 to 3600.");
        }

        var perConnection = 1000;
        if (get("Smtp:MessagesPerConnection") is { } perText
            && !(int.TryParse(perText, NumberStyles.None, CultureInfo.InvariantCulture, out perConnection) && perConnection >= 1))
        {
            problems.Add($"Smtp:MessagesPerConnection '{perText}' is not a whole number of 1 or more.");
        }

        return problems.Count > count
            ? null
            : new SmtpSettings(host, port, security, user, password)
            {
                Timeout = TimeSpan.FromSeconds(timeout),
                MessagesPerConnection = perConnection,
            };
    }
}
