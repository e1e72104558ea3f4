namespace Scheduler.Worker.Email;

/// <summary>How to reach the SMTP server (the <c>Smtp:*</c> settings; see docs/email.md).</summary>
/// <param name="Host">The server's host name or address.</param>
/// <param name="Port">The server's port (default 587 for StartTls, 465 for SslOnConnect, 25 for None).</param>
/// <param name="Security">None, StartTls or SslOnConnect.</param>
/// <param name="User">The user to authenticate as; null to send without authenticating. Never printed: errors name it <c>Smtp:User</c>.</param>
/// <param name="Password">The password for <paramref name="User"/>; never logged or shown.</param>
public sealed record SmtpSettings(string Host, int Port, SmtpSecurity Security, string? User = null, string? Password = null)
{
    /// <summary>How long one SMTP command may take before the connection counts as broken.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How many messages one connection sends before it is closed and a new one opened. Servers limit sessions
    /// (the test server to two minutes; many providers to a count), so a long batch recycles its connection itself.
    /// </summary>
    public int MessagesPerConnection { get; init; } = 1000;

    /// <inheritdoc />
    public override string ToString() =>
        $"SmtpSettings {{ Host = {Host}, Port = {Port}, Security = {Security}, User = {(User is null ? "(none)" : "(set)")}, Password = {(Password is null ? "(none)" : "(set)")} }}";
}
