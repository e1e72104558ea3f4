using System.Diagnostics.CodeAnalysis;
using MimeKit;

namespace Scheduler.Worker.Email;

/// <summary>Checks email addresses before a message is built, so a bad one is caught as data, not at send time.</summary>
public static class EmailAddresses
{
    /// <summary>
    /// True when <paramref name="address"/> is one plain address such as <c>jobs@greenscape.example</c>: a local
    /// part, <c>@</c>, a domain with a dot or <c>localhost</c>; no display name, no list, no spaces or control characters.
    /// </summary>
    public static bool IsValid([NotNullWhen(true)] string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Any(ch => char.IsControl(ch) || char.IsWhiteSpace(ch)))
        {
            return false;
        }

        if (!MailboxAddress.TryParse(ParserOptions.Default, address, out var mailbox) || mailbox.Address != address)
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1)
        {
            return false;
        }

        var domain = address[(at + 1)..];
        return domain.Contains('.', StringComparison.Ordinal) || domain == "localhost";
    }

    /// <summary>
    /// A mailbox for <paramref name="address"/> with <paramref name="name"/> as its display name (control characters
    /// become spaces, so a name cannot add a header). Throws <see cref="ArgumentException"/> naming what is wrong
    /// when the address is not valid (see <see cref="IsValid"/>); the address itself is not put in the message.
    /// </summary>
    public static MailboxAddress Mailbox(string? name, string? address, string what)
    {
        if (!IsValid(address))
        {
            throw new ArgumentException($"The {what} email address is not a valid address.", nameof(address));
        }

        return new MailboxAddress(TemplateValues.OneLine(name ?? string.Empty).Trim(), address);
    }
}
