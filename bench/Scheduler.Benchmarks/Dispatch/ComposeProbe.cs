using System.Diagnostics;
using System.Globalization;
using MimeKit;
using NodaTime;
using Scheduler.Worker.Email;

namespace Scheduler.Benchmarks.Dispatch;

/// <summary>
/// <c>dotnet run -c Release --project bench/Scheduler.Benchmarks -- compose [--messages N]</c>: the stages of composing one
/// contractor work order (the shipped <c>contractor-work-order</c> sample) on one thread, each N times after a warm-up:
/// rendering both bodies, the <c>.ics</c>, the <c>.csv</c>, building the MIME message, writing it to bytes, writing it
/// directly (<see cref="MessageBuilder.WriteForContractor"/>), and (for comparison) parsing those bytes back; then a tenant's
/// first appointment letter (the shipped sample): rendering it, building it with MimeKit and writing it, and writing it
/// directly (<see cref="MessageBuilder.WriteForTenant"/>). Prints wall µs, the
/// process's CPU µs and kB allocated per message for each. A probe, not a goal.
/// </summary>
internal static class ComposeProbe
{
    public static Task<int> RunAsync(string[] args)
    {
        var count = BenchEnvironment.Option(args, "--messages", 20_000);
        var renderer = new TemplateRenderer(Path.Combine(BenchEnvironment.RepositoryRoot(), "config", "templates"));
        var model = (ContractorWorkOrderEmail)EmailSamples.For(ContractorWorkOrderEmail.Template)[0];
        var calendar = new OrderCalendar(MessageIds.DefaultDomain, model.Organisation, "orders@example.org");
        var builder = new MessageBuilder(new MailboxAddress("Orders", "orders@example.org"));
        var stamp = Instant.FromUtc(2027, 1, 1, 6, 0);
        var views = new[] { model.Order };
        var content = renderer.Render(model);
        var ics = calendar.Write(views, model.Contractor, stamp);
        var csv = OrderCsv.Write(views);
        var message = builder.ForContractor("probe@example.org", model.Contractor, content, stamp, ics, csv, "WO-1");
        var bytes = Serialize(message);
        var (header, body) = builder.WriteForContractor("probe@example.org", model.Contractor, content, stamp, ics, csv, "WO-1").Serialized!.Written!.Value;
        var bodyBytes = MessageBytes.Copy(body.Span);

        Measure("render text + HTML", count, () => renderer.Render(model));
        Measure(".ics", count, () => calendar.Write(views, model.Contractor, stamp));
        Measure(".csv", count, () => OrderCsv.Write(views));
        Measure("MIME build", count, () => builder.ForContractor("probe@example.org", model.Contractor, content, stamp, ics, csv, "WO-1"));
        Measure("MIME build + write the body to bytes (the dispatcher before dispatch4)", count, () => new OutgoingMessage(builder.ForContractor("probe@example.org", model.Contractor, content, stamp, ics, csv, "WO-1")).Serialize());
        Measure("MIME written directly (what the dispatcher does since dispatch4; its pooled body returned, as the dispatcher does once sent since disp33)", count, () =>
        {
            var written = builder.WriteForContractor("probe@example.org", model.Contractor, content, stamp, ics, csv, "WO-1");
            written.ReleaseBytes();
            return written;
        });
        var bodies = new[] { System.Text.Encoding.UTF8.GetBytes(content.Text), System.Text.Encoding.UTF8.GetBytes(content.Html) };
        var encoded = new byte[QuotedPrintableWriter.MaxEncodedLength(Math.Max(bodies[0].Length, bodies[1].Length))];
        Measure("  of which quoted-printable, the two bodies (runs copied in blocks, since disp32)", count, () => QuotedPrintableWriter.Encode(bodies[0], encoded) + QuotedPrintableWriter.Encode(bodies[1], encoded));
        Measure("  the same, the byte-by-byte loop before disp32 (for comparison)", count, () => ByteByByte(bodies[0], encoded) + ByteByByte(bodies[1], encoded));
        Measure("  of which the message MailKit is handed (headers and body already written)", count, () => SerializedMessage.FromWritten(header, bodyBytes, builder.From, [builder.From]));
        var letter = (TenantEmail)EmailSamples.For("tenant-appointment-first")[0];
        var letterContent = renderer.Render(letter);
        var letterId = MessageIds.FromKey("letter/probe/1");
        var tenant = EmailAddresses.Mailbox(letter.Tenant.Name, letter.Tenant.Email, "the probe's tenant");
        Measure("tenant letter: render text + HTML", count, () => renderer.Render(letter));
        Measure("tenant letter: MIME build + write the body to bytes (the dispatcher before fastletters39)", count, () => new OutgoingMessage(builder.ForTenant(letterId, letter.Tenant, letterContent, stamp)).Serialize());
        Measure("tenant letter: MIME written directly (the dispatcher since fastletters39; its pooled body returned)", count, () =>
        {
            var written = builder.WriteForTenant(letterId, letter.Tenant, letterContent, stamp);
            written.ReleaseBytes();
            return written;
        });
        Measure("  of which the tenant's To: line, encoded by MimeKit", count, () => EncodedHeaders.To(tenant));
        Measure("MIME build + write all to bytes", count, () => Serialize(builder.ForContractor("probe@example.org", model.Contractor, content, stamp, ics, csv, "WO-1")));
        Measure("MIME parse bytes (the bare loop's input, not timed there)", count, () => MimeMessage.Load(new MemoryStream(bytes)));
        Measure("parsed message written again", count, () => Serialize(MimeMessage.Load(new MemoryStream(bytes))));
        Console.WriteLine($"message {bytes.Length:N0} bytes; load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        return Task.FromResult(0);
    }

    /// <summary>QuotedPrintableWriter.Encode as it was before branch disp32 (one byte at a time), for the probe's comparison.</summary>
    private static int ByteByByte(ReadOnlySpan<byte> input, Span<byte> output)
    {
        ReadOnlySpan<byte> hex = "0123456789ABCDEF"u8;
        var w = 0;
        var line = 0;
        for (var i = 0; i < input.Length; i++)
        {
            var b = input[i];
            if (b == (byte)'\n' || (b == (byte)'\r' && i + 1 < input.Length && input[i + 1] == (byte)'\n'))
            {
                i += b == (byte)'\r' ? 1 : 0;
                output[w++] = (byte)'\r';
                output[w++] = (byte)'\n';
                line = 0;
                continue;
            }

            var literal = b is >= 33 and <= 126 and not (byte)'=' || (b is (byte)' ' or (byte)'\t' && !EndsLine(input, i + 1));
            var width = literal ? 1 : 3;
            if (line + width > QuotedPrintableWriter.MaxLineLength - 1)
            {
                output[w++] = (byte)'=';
                output[w++] = (byte)'\r';
                output[w++] = (byte)'\n';
                line = 0;
            }

            if (literal)
            {
                output[w++] = b;
            }
            else
            {
                output[w++] = (byte)'=';
                output[w++] = hex[b >> 4];
                output[w++] = hex[b & 0xF];
            }

            line += width;
        }

        if (line > 0)
        {
            output[w++] = (byte)'\r';
            output[w++] = (byte)'\n';
        }

        return w;
    }

    private static bool EndsLine(ReadOnlySpan<byte> input, int index) =>
        index >= input.Length
        || input[index] == (byte)'\n'
        || (input[index] == (byte)'\r' && index + 1 < input.Length && input[index + 1] == (byte)'\n');

    private static byte[] Serialize(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(FormatOptions.Default, stream);
        return stream.ToArray();
    }

    private static void Measure(string name, int count, Func<object> stage)
    {
        for (var w = 0; w < Math.Min(5_000, count); w++)
        {
            stage();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var r = 0; r < count; r++)
        {
            stage();
        }

        watch.Stop();
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {watch.Elapsed.TotalMicroseconds / count:0.0} µs, CPU {cpuUsed.TotalMicroseconds / count:0.0} µs, {bytes / count / 1024.0:0.0} kB allocated"));
    }
}
