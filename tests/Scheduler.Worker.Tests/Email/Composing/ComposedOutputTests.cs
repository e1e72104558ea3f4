namespace Scheduler.Worker.Tests.Email.Composing;

/// <summary>
/// The emails of <see cref="ComposedOutputCases"/> compose to exactly the bytes they composed to before branch
/// <c>compose8</c> made composing cheaper (the SHA-256 of each case's output, recorded by running the same cases on
/// main at 5244282, is in <c>composed-5244282.sha256</c> beside this file): the shipped templates' output, the
/// calendar files, the CSVs and the MIME written are unchanged. A change that means to change the output records the
/// file again (each line: case name, tab, hash). The cases of orders with an appointment booked with the tenant
/// (<c>order appointment *</c>, <c>programme appointments</c>, the third contractor samples) were added on branch
/// <c>appt25</c> and recorded there; every case before them kept its bytes. The changed-appointment cases
/// (<c>order appointment change *</c>, the fourth and fifth work-order samples) were added on branch <c>rebook26</c>,
/// every earlier case keeping its bytes. The two <c>manager-escalation</c> samples were recorded again in session 26
/// (what happens next now depends on whether the home was overdue when escalated). Every contractor message case
/// (<c>order *</c>, <c>programme *</c>: those written to MIME with their <c>.csv</c>) was recorded again on branch
/// <c>csv27</c>, whose CSV gained four appointment columns (header and every row); the samples and letters kept their bytes.
/// Two cases were recorded again on branch <c>prog28</c>, whose programme lists an order booked with the tenant under its
/// appointment's day: <c>programme appointments</c> (its three booked orders, all for days outside its week) and the third
/// <c>contractor-programme</c> sample (that, and two orders added to it: one without an appointment, one booked after the
/// week); every programme without a booked order kept its bytes. Two cases were added on branch <c>review28</c>, whose
/// repair notices say the repair's promise and deadline: the sixth <c>contractor-work-order</c> sample and the fourth
/// <c>contractor-programme</c> sample (an emergency repair each); every earlier case kept its bytes. The first
/// <c>manager-escalation</c> sample was recorded again on branch <c>evid28</c>, whose evidence says per letter the day it
/// was due and when and how it actually went (emailed, put in a post batch, still queued); the second, without a letter, kept its bytes.
/// Sixteen cases were recorded again on branch <c>print28</c>, whose large-print letters no longer offer large print: every
/// large-print tenant letter (<c>letter * large True</c>, twelve) and the large-print sample of each tenant template (the second of
/// <c>tenant-appointment-first</c>, <c>-second</c>, <c>-third</c> and <c>tenant-improvement</c>); clear print kept its bytes.
/// The sixth <c>contractor-work-order</c> sample (an emergency repair) was recorded again when a repair's notice stopped
/// closing with "If you cannot do this work within the window": it asks about doing the repair by that time.
/// Thirty-two cases were recorded again on branch <c>letters29</c>, whose tenant letters carry their date under the address
/// block, before the greeting: every tenant letter (<c>letter *</c>, twenty-four) and both samples of each tenant template
/// (<c>tenant-appointment-first</c>, <c>-second</c>, <c>-third</c>, <c>tenant-improvement</c>); every other case kept its bytes.
/// Seventy-four cases were recorded again on branch <c>defect29</c>, whose repair notices say what the defect is: the two
/// repair samples (the sixth <c>contractor-work-order</c>, now with the reporting contractor's description, and the
/// fourth <c>contractor-programme</c>, without one: "no description was given"), and every contractor message case
/// (<c>order *</c>, <c>programme *</c>), whose <c>.csv</c> gained two columns, <c>defect</c> and <c>due</c> (header, and
/// two empty fields on each row of calendar work). With the CSV left as it was, only the two samples composed to other
/// bytes: nothing else in those messages moved. The samples and letters without a repair kept their bytes.
/// Seven cases were recorded again on branch <c>prog29</c>, whose programme carries an order from the week its window's
/// first working day is in and lists one aimed after its week under its target date, marked "(after this week)", with a
/// line saying why it comes now, the lead sentence counting them: <c>programme 0</c> to <c>programme 5</c> and
/// <c>programme appointments</c>, whose made-up orders are aimed on days after their week (and before it, now marked
/// "(before this week)" too); the samples and every other case kept their bytes.
/// One case was added on branch <c>prod34</c>: the seventh <c>contractor-work-order</c> sample, a changed-window notice
/// (<c>order.previous_window</c>, <c>order.previous_target_date</c>); every earlier case kept its bytes.
/// One case was added on branch <c>addr35</c>: the eighth <c>contractor-work-order</c> sample, a changed-address notice
/// of an order booked with the tenant (<c>order.address_changed</c>); every earlier case kept its bytes.
/// Ten cases were added on branch <c>letters38</c>: the changed-appointment letter (<c>tenant-appointment-changed</c>: its two
/// samples, and <c>letter Changed *</c> in each language and print size). Every earlier case kept its bytes, the first
/// letters' included: their "What will happen" to "Quote your reference" moved into the <c>_visit</c> partials and
/// <c>_slot</c> words the slot through <c>_slot-of</c>, the same text.
/// Twelve cases were added on branch <c>cancel39</c>: the cancelled-appointment letter (<c>tenant-appointment-cancelled</c>:
/// its two samples, and <c>letter Cancelled *</c> in each language and print size) and a third sample of
/// <c>tenant-appointment-second</c> and <c>-third</c>, a letter that also cancels a visit the tenant was told of
/// (<c>appointment.replaces</c>). Every earlier case kept its bytes, the second and third letters' included.
/// </summary>
public sealed class ComposedOutputTests
{
    private static readonly string Recorded = Path.Join(RepositoryRoot.Path, "tests", "Scheduler.Worker.Tests", "Email", "Composing", "composed-5244282.sha256");

    [Fact]
    public void Compose_FixedSpreadOfEmails_SameBytesAsRecordedFromMain()
    {
        var expected = File.ReadAllLines(Recorded)
            .Where(l => l.Length > 0)
            .Select(l => l.Split('\t'))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

        var actual = ComposedOutputCases.All().ToList();

        Assert.True(actual.Count > 100, $"only {actual.Count} cases");
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Select(c => c.Name).Order(StringComparer.Ordinal));
        var different = actual.Where(c => ComposedOutputCases.Hash(c.Bytes) != expected[c.Name]).Select(c => c.Name).ToList();
        Assert.True(different.Count == 0, $"{different.Count} of {actual.Count} cases compose to other bytes than main's: {string.Join(", ", different)}");
    }
}
