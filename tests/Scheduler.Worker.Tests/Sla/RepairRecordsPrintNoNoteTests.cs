using NodaTime;
using Scheduler.Persistence.Completions;
using Scheduler.Persistence.Outbox;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Sla;

/// <summary>
/// The records that carry a defect's description to a repair's notice print ids, codes and dates only: a log of one
/// (<c>{Order}</c>, an exception's message, a debugger's string) never carries the contractor's words about a home, nor
/// the home's name, address or postcode. Until branch notes35 they were plain records, whose generated
/// <c>ToString</c> prints every member.
/// </summary>
public sealed class RepairRecordsPrintNoNoteTests
{
    private const string Note = "Tenant Mrs Example says the boiler cupboard leaks";

    [Fact]
    public void OutboxOrder_PrintsIdsAndCodes_NotTheNoteNameAddressOrPostcode()
    {
        var order = new OutboxOrder(
            42, "WO-2027-000042", "repairs", "H1", "1 Example Road", "1 Example Road, Exampletown", "EX1 2MP",
            new LocalDate(2027, 3, 4), new LocalDate(2027, 3, 21), new LocalDate(2027, 3, 21), "planned", "fixit", 7, null,
            SlaCategory: "repairs-routine", DefectNote: Note);

        var text = order.ToString();

        Assert.Contains("Id = 42, Reference = WO-2027-000042", text, StringComparison.Ordinal);
        Assert.Contains("SlaCategory = repairs-routine", text, StringComparison.Ordinal);
        Assert.Contains("DefectNote = (withheld)", text, StringComparison.Ordinal);
        Assert.All(new[] { "boiler", "Example Road", "Exampletown", "EX1 2MP" }, part => Assert.DoesNotContain(part, text, StringComparison.Ordinal));
    }

    [Fact]
    public void OrderRepair_And_RecordedCompletion_PrintNoNote()
    {
        var when = Instant.FromUtc(2027, 3, 4, 10, 0).InUtc();
        var repair = new OrderRepair("repairs-routine", "Routine repairs", "Complete within 17 days", false, when, when, Note);
        var completion = new RecordedCompletion(
            42, "WO-2027-000042", "gas-safety", "gas-safety", "H1", "warmfix", VisitOutcome.Defect, new LocalDate(2027, 3, 4), when.ToInstant(), "api", "repairs-routine", Note);

        Assert.Contains("Defect = (withheld)", repair.ToString(), StringComparison.Ordinal);
        Assert.Contains("Note = (withheld)", completion.ToString(), StringComparison.Ordinal);
        Assert.Contains("DefectCategory = repairs-routine", completion.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("boiler", repair.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("boiler", completion.ToString(), StringComparison.Ordinal);
    }
}
