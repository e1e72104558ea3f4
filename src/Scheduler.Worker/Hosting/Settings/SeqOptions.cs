namespace Scheduler.Worker.Hosting.Settings;

/// <summary>The <c>Seq</c> section: structured logs to a Seq server. Unset <see cref="ServerUrl"/> means no Seq.</summary>
internal sealed class SeqOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Seq";

    /// <summary>The Seq server, e.g. <c>http://seq:5341</c>; events are posted to <c>/api/events/raw</c>. Empty: console only.</summary>
    public string? ServerUrl { get; set; }

    /// <summary>The Seq API key (a secret: set it through the environment variable <c>Seq__ApiKey</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The folder of the durable buffer: events are written here first and shipped from it, so they survive a Seq
    /// outage and a restart. Relative paths resolve from the working directory. Needs to be writable.
    /// </summary>
    public string BufferFolder { get; set; } = "logs";
}
