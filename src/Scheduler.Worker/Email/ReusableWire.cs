using MimeKit;

namespace Scheduler.Worker.Email;

/// <summary>
/// One MimeKit message object that a connection hands to MailKit for every message written directly
/// (<see cref="SerializedMessage.Written"/>), loaded with that message's header lines and body before each send: MailKit
/// takes a <see cref="MimeMessage"/>, and making one per message (its header list, a dozen address lists and their
/// events, the body entity and its content type) cost about as much as writing the message's bytes. What it writes is
/// what the message's own <see cref="SerializedMessage.Wire"/> writes: the header lines, the blank line, the body.
/// Used by one send at a time. Its header list holds exactly one header at all times, the loaded message's header lines
/// or, between sends, a placeholder, and a load or unload swaps that one entry: clearing the list instead (as before
/// branch prof31) made MimeKit detach, clear and re-attach each of the message's eleven address and reference lists, two
/// delegates each, ~2.8 kB of garbage a message.
/// </summary>
internal sealed class ReusableWire
{
    /// <summary>What the header list holds between sends: no lines at all, so an unloaded message writes no header.</summary>
    private readonly HeaderBlock _unloaded = new([]);

    /// <summary>Makes the message object, empty.</summary>
    public ReusableWire()
    {
        Message = new MimeMessage((IEnumerable<Header>)[]) { Body = new SerializedBody(ReadOnlyMemory<byte>.Empty) };
        Message.Headers.Clear();
        Message.Headers.Add(_unloaded);
    }

    /// <summary>The message object, holding what <see cref="Load"/> last put in it.</summary>
    public MimeMessage Message { get; }

    private SerializedBody Body => (SerializedBody)Message.Body!;

    /// <summary>
    /// Puts <paramref name="written"/>'s header lines and body in <see cref="Message"/>; while loaded, writing the body
    /// waits for <paramref name="gate"/> after its last byte (see <see cref="SerializedBody.Gate"/>).
    /// </summary>
    public MimeMessage Load((byte[] HeaderLines, ReadOnlyMemory<byte> Body) written, EndOfDataGate? gate)
    {
        Message.Headers[0] = new HeaderBlock(written.HeaderLines);
        Body.Replace(written.Body);
        Body.Gate = gate;
        return Message;
    }

    /// <summary>Empties <see cref="Message"/> after a send, holding no message's bytes or gate.</summary>
    public void Unload()
    {
        Body.Gate = null;
        Body.Replace(ReadOnlyMemory<byte>.Empty);
        Message.Headers[0] = _unloaded;
    }
}
