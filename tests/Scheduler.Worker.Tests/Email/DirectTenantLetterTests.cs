using MimeKit;
using Scheduler.Domain.Estate;
using Scheduler.Worker.Email;
using Scheduler.Worker.Tests.Email.Composing;

namespace Scheduler.Worker.Tests.Email;

/// <summary>
/// A tenant's letter written straight to MIME bytes (<see cref="MessageBuilder.WriteForTenant"/>, since branch
/// <c>fastletters39</c>) against the same letter built as a MimeKit tree and written (<see cref="MessageBuilder.ForTenant"/>,
/// what the dispatcher sent before): byte for byte the same message, given MimeKit's tree the boundary the writer chose
/// (MimeKit's own is random), for every shipped letter kind and awkward names and subjects.
/// </summary>
public sealed class DirectTenantLetterTests
{
    private static readonly TemplateRenderer Renderer = EmailTestData.Renderer();

    /// <summary>Every shipped tenant letter: each tenant template's samples, and each appointment letter in each language and print size.</summary>
    public static TheoryData<string> ShippedLetters()
    {
        var names = new TheoryData<string>();
        foreach (var (name, _) in Letters())
        {
            names.Add(name);
        }

        return names;
    }

    public static TheoryData<string, string, string> Awkward => new()
    {
        // case, tenant name, subject override ("" keeps the rendered one)
        { "non-ASCII name", "Łukasz Żółć-Søn", string.Empty },
        { "script, quotes and header injection", EmailTestData.Hostile, "Hello\r\nBcc: victim@example.org\r\nContent-Type: text/plain" },
        { "specials in the name", "O'Brien, Mary (Flat 2) \"Molly\" <x@y.z>", string.Empty },
        { "long name and subject", string.Join(' ', Enumerable.Repeat("Example", 30)), "Your appointment " + string.Join(' ', Enumerable.Repeat("longer", 40)) },
        { "encoded-word lookalikes", "=?utf-8?q?Mallory?=", "Wizyta =?utf-8?q?=0D=0ABcc:_victim@example.org?=" },
        { "spaces and tabs", "  Spaced   Name\t ", "  two  spaces  inside  " },
        { "non-ASCII subject", "Sam Example", "Wizyta serwisowa – przegląd gazowy, Łódź, ulica Żółkiewskiego, w czwartek rano" },
        { "empty name", string.Empty, string.Empty },
    };

    [Theory]
    [MemberData(nameof(ShippedLetters))]
    public void WriteForTenant_EveryShippedLetter_SameBytesAsTheMimeKitMessage(string name)
    {
        var letter = Letters().Single(l => l.Name == name).Letter;
        var content = Renderer.Render(letter);

        var (reference, written) = Both(MessageIds.FromKey($"letter/{letter.Tenant.Id}/{name}"), letter.Tenant, content);

        Assert.NotNull(written.Serialized!.Written);
        Assert.Equal(Text(reference), Text(written.Serialized.ToBytes()));
    }

    [Theory]
    [MemberData(nameof(Awkward))]
    public void WriteForTenant_AwkwardNamesAndSubjects_SameBytesAsTheMimeKitMessage(string name, string tenantName, string subject)
    {
        var tenant = EmailTestData.Tenant(name: tenantName);
        var content = Renderer.Render(EmailTestData.Letter() with { Tenant = tenant });
        if (subject.Length > 0)
        {
            content = content with { Subject = subject };
        }

        var (reference, written) = Both(MessageIds.FromKey("letter/T1/gas-safety/2027-09-14/first"), tenant, content);

        Assert.NotNull(written.Serialized!.Written);
        Assert.True(Text(reference) == Text(written.Serialized.ToBytes()), $"{name}: the bytes differ");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void WriteForTenant_RandomBodies_SameBytesAsTheMimeKitMessage(int seed)
    {
        // Where MimeKit's quoted-printable breaks lines and encodes, empty bodies among them.
        var random = new Random(seed);
        var content = Renderer.Render(EmailTestData.Letter());
        for (var round = 0; round < 100; round++)
        {
            var bodies = content with { Text = DirectMimeWriterTests.RandomText(random), Html = DirectMimeWriterTests.RandomText(random) };
            var (reference, written) = Both(MessageIds.FromKey($"letter/T1/random/{seed}/{round}"), EmailTestData.Tenant(), bodies);

            Assert.Equal(Text(reference), Text(written.Serialized!.ToBytes()));
        }
    }

    [Fact]
    public void WriteForTenant_SameLetterTwice_SameBytes()
    {
        var content = Renderer.Render(EmailTestData.Letter());
        var id = MessageIds.FromKey("letter/T1/gas-safety/2027-09-14/first");

        var first = EmailTestData.Builder().WriteForTenant(id, EmailTestData.Tenant(), content, EmailTestData.Stamp).Serialized!.ToBytes();
        var second = EmailTestData.Builder().WriteForTenant(id, EmailTestData.Tenant(), content, EmailTestData.Stamp).Serialized!.ToBytes();

        Assert.Equal(first, second);
    }

    [Fact]
    public void WriteForTenant_UnusualMessageId_IsBuiltByMimeKitInstead()
    {
        var content = Renderer.Render(EmailTestData.Letter());

        var message = EmailTestData.Builder().WriteForTenant("odd id@estate-scheduler", EmailTestData.Tenant(), content, EmailTestData.Stamp);

        Assert.Null(message.Serialized!.Written);
        Assert.Equal(2, MimeMessage.Load(new MemoryStream(message.Serialized.ToBytes())).BodyParts.Count());
    }

    [Fact]
    public void WriteForTenant_InvalidAddress_ThrowsLikeTheBuilder()
    {
        var tenant = EmailTestData.Tenant(email: "not an address");
        var content = Renderer.Render(EmailTestData.Letter());

        var failure = Assert.Throws<ArgumentException>(() => EmailTestData.Builder().WriteForTenant("x@estate-scheduler", tenant, content, EmailTestData.Stamp));

        Assert.Contains("tenant 'T1'", failure.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<(string Name, TenantEmail Letter)> Letters()
    {
        foreach (var template in EmailSamples.TemplateNames.Where(t => t.StartsWith("tenant-", StringComparison.Ordinal)))
        {
            var samples = EmailSamples.For(template);
            for (var i = 0; i < samples.Count; i++)
            {
                yield return ($"sample {template} {i}", (TenantEmail)samples[i]);
            }
        }

        foreach (var (name, letter) in ComposedOutputCases.Letters())
        {
            yield return (name, letter);
        }
    }

    /// <summary>
    /// The letter as the dispatcher wrote it before (MimeKit's tree, written by <see cref="OutgoingMessage.Serialize"/>),
    /// its boundary set to the written one's, and the letter written directly.
    /// </summary>
    private static (byte[] Reference, OutgoingMessage Written) Both(string messageId, Tenant tenant, RenderedEmail content)
    {
        var builder = EmailTestData.Builder();
        var written = builder.WriteForTenant(messageId, tenant, content, EmailTestData.Stamp);
        var boundary = ((Multipart)MimeMessage.Load(new MemoryStream(written.Serialized!.ToBytes())).Body!).Boundary;
        var reference = builder.ForTenant(messageId, tenant, content, EmailTestData.Stamp);
        ((Multipart)reference.Body!).Boundary = boundary!;
        return (new OutgoingMessage(reference).Serialize().Serialized!.ToBytes(), written);
    }

    /// <summary>The bytes as text, one character a byte, so that a difference shows where it is.</summary>
    private static string Text(byte[] bytes) => System.Text.Encoding.Latin1.GetString(bytes);
}
