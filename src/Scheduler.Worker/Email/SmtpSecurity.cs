namespace Scheduler.Worker.Email;

/// <summary>How the connection to the SMTP server is protected (<c>Smtp:Security</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>Not set; never valid.</summary>
    Invalid = 0,

    /// <summary>Plain text, no TLS: only for a server on this machine or a test server.</summary>
    None,

    /// <summary>Connect in plain text, then upgrade with STARTTLS; fails if the server does not offer it (usually port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (implicit TLS, usually port 465).</summary>
    SslOnConnect,
}
