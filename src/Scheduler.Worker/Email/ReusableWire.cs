using MimeKit;

namespace Scheduler.Worker.Email;

/// <summary>
/// One MimeKit message object that a connection hands to MailKit for every message written directly
/// (<see cref="SerializedMessage.Written"/>), loaded with that message's header lines and body before each send: MailKit
/// takes a <see cref="MimeMessage"/>, and making one per message (its header list, a dozen address lists and their
/// events, the body entity and its content type) cost about as much as writing the message's bytes. What it writes is
/// what the message's own <see cref="SerializedMessage.Wire"/> writes: the header lines, the blank line, the body.
/// Used by one send at a time.
/// </summary>
internal sealed class ReusableWire
{
    /// <summary>Makes the message object, empty.</summary>
    public ReusableWire()
    {
        Message = new MimeMessage((IEnumerable<Header>)[]) { Body = new SerializedBody([]) };
    }

    /// <summary>The message object, holding what <see cref="Load"/> last put in it.</summary>
    public MimeMessage Message { get; }

    private SerializedBody Body => (SerializedBody)Message.Body!;

    /// <summary>
    /// Puts <paramref name="written"/>'s header lines and body in <see cref="Message"/>; while loaded, writing the body
    /// waits for <paramref name="gate"/> after its last byte (see <see cref="SerializedBody.Gate"/>).
    /// </summary>
    public MimeMessage Load((byte[] HeaderLines, byte[] Body) written, EndOfDataGate? gate)
    {
        Message.Headers.Clear();
        Message.Headers.Add(new HeaderBlock(written.HeaderLines));
        Body.Replace(written.Body);
        Body.Gate = gate;
        return Message;
    }

    /// <summary>Empties <see cref="Message"/> after a send, holding no message's bytes or gate.</summary>
    public void Unload()
    {
        Body.Gate = null;
        Body.Replace([]);
        Message.Headers.Clear();
    }
}
