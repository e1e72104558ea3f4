using MimeKit;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Persistence.Tests;
using Scheduler.Persistence.Tests.Database;
using Scheduler.Worker.Email;
using Scheduler.Worker.Tests.Email;
using Scheduler.Worker.Tests.Outbox;

namespace Scheduler.Worker.Tests.Gas;

/// <summary>
/// For the tests of a tenant's gas letter as it goes (<see cref="ChangedAppointmentLetterDispatchTests"/>,
/// <see cref="CancelledAppointmentLetterDispatchTests"/>): the gas schedule with AM and PM hours and one engineer in
/// north, the service named for tenants, and mail to the test SMTP server with a batch folder of its own for letters by post.
/// </summary>
public abstract class GasLetterDispatchTestBase : OutboxTestBase, IDisposable
{
    protected static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    /// <summary>The folder of the printed letter batches (the test's own, deleted after it).</summary>
    protected string BatchFolder { get; } = Path.Join(Path.GetTempPath(), "gas-letters-" + Guid.NewGuid().ToString("N"));

    protected static EstateConfiguration Config => TestEstate.Config(
        [TestEstate.GasSafety() with
        {
            Appointment = new AppointmentPolicy(["AM", "PM"], Period.FromDays(14), 3)
            {
                Engineers = new Dictionary<string, int> { ["north"] = 1 },
                Hours = new Dictionary<string, SlotHours>
                {
                    ["AM"] = new(new LocalTime(8, 0), new LocalTime(12, 0)),
                    ["PM"] = new(new LocalTime(12, 0), new LocalTime(17, 0)),
                },
            },
        }],
        [TestEstate.GasEngineer()],
        "v1",
        horizonWeeks: 60) with
    {
        Services = [new ServiceDefinition("gas-safety", "Annual gas safety check", ["Every gas appliance, flue and pipework checked"], false)],
    };

    public void Dispose()
    {
        if (Directory.Exists(BatchFolder))
        {
            Directory.Delete(BatchFolder, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    protected MailSettings Mail(int port) => Smtp(port) with { LetterBatchDirectory = BatchFolder };

    /// <summary>
    /// The <paramref name="letter"/> letter's row claimed afresh (as after a crash) and sent by a new dispatcher: one message,
    /// the same as <paramref name="sent"/> (Message-Id, text and HTML).
    /// </summary>
    private protected async Task SentAgainTheSameAsync(TestSmtpServer server, string letter, MimeMessage sent)
    {
        var before = server.Messages.Count;
        await Database.DataSource.ExecuteAsync(
            $"UPDATE outbox_messages SET status = 'pending', sent_at = NULL, next_attempt_at = now() - interval '1 minute' WHERE payload->>'letter' = '{letter}'");
        await Dispatcher(Config, Mail(server.Port)).DispatchDueAsync(500);
        var again = Assert.Single(server.Messages.Skip(before));
        Assert.Equal(sent.MessageId, again.MessageId);
        Assert.Equal(sent.TextBody, again.TextBody);
        Assert.Equal(sent.HtmlBody, again.HtmlBody);
    }
}
