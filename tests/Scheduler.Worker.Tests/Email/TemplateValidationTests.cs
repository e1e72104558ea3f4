using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email;

/// <summary><see cref="TemplateRenderer.ValidateTemplates"/>: every problem in a folder at once.</summary>
public sealed class TemplateValidationTests
{
    [Fact]
    public void ValidateTemplates_ShippedFolder_HasNoProblems()
    {
        Assert.Empty(TemplateRenderer.ValidateTemplates(EmailTestData.TemplatesFolder));
    }

    [Fact]
    public void ValidateTemplates_BrokenFolder_ListsEveryProblemWithItsPlace()
    {
        using var folder = new TemplateFolder();
        var syntax = folder.Write("contractor-programme.en.html.sbn", "<p>\n{{ for order in programme.orders }}\n</p>\n");
        var typo = folder.Write("tenant-appointment-second.en.txt.sbn", "Subject: x\n{{ if appointment.has_previous }}{{ appointment.previus_date.text }}{{ end }}\n");
        var escape = folder.Write("contractor-cancellation.en.html.sbn", "<p>{{ order.reference | html.escape }}</p>\n");
        var badName = folder.Write("Contractor Work Order.html", "not a template");
        var badSbn = folder.Write("contractor-work-order.EN.html.sbn", "x");
        var lonely = folder.Write("tenant-appointment-first.cy.txt.sbn", "Subject: Eich apwyntiad\n");
        var unknown = folder.Write("newsletter.en.txt.sbn", "Subject: News\n");
        File.Delete(Path.Join(folder.Path, "tenant-appointment-third.en.html.sbn"));

        var problems = TemplateRenderer.ValidateTemplates(folder.Path).Select(p => p.ToString()).ToList();

        Assert.Contains(problems, p => p.StartsWith($"{syntax}:2:", StringComparison.Ordinal) && p.Contains("<end> statement was not found", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{typo}:2:", StringComparison.Ordinal) && p.Contains("previus_date", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{escape}:1:25:", StringComparison.Ordinal) && p.Contains("html.escape is not needed", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(badSbn, StringComparison.Ordinal) && p.Contains("does not follow the convention", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(lonely, StringComparison.Ordinal) && p.Contains("tenant-appointment-first.cy.html.sbn is missing", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(unknown, StringComparison.Ordinal) && p.Contains("no email uses a template of this name", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith(Path.Join(folder.Path, "tenant-appointment-third.en.html.sbn"), StringComparison.Ordinal) && p.Contains("required template is missing", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains(badName, StringComparison.Ordinal));
        Assert.Equal(7, problems.Count);
    }

    /// <summary>
    /// The slot partial reading more than the appointment works in every email (the organisation is there) but not
    /// for the calendar's .ics, which words the slot with the appointment alone: a problem of its own. A typo in the
    /// partial, which the emails meet already, is listed once, not again for the calendar.
    /// </summary>
    [Theory]
    [InlineData("{{ $1.slot }} at {{ organisation.name }}", "organisation", true)]
    [InlineData("{{ $1.slott }}", "slott", false)]
    public void ValidateTemplates_SlotPartialTheCalendarCannotUse_IsOneProblemSayingSo(string text, string named, bool forTheCalendar)
    {
        using var folder = new TemplateFolder();
        var partial = folder.Write("_order-slot.txt.sbn", text);

        var problem = Assert.Single(TemplateRenderer.ValidateTemplates(folder.Path)).ToString();

        Assert.StartsWith($"{partial}:1:", problem, StringComparison.Ordinal);
        Assert.Contains(named, problem, StringComparison.Ordinal);
        Assert.Equal(forTheCalendar, problem.Contains("the calendar's .ics words an appointment with this partial", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("tenant-appointment-changed.en.txt.sbn", "this required template is missing")]
    [InlineData("tenant-appointment-changed.en.html.sbn", "this required template is missing")]
    [InlineData("tenant-appointment-cancelled.en.txt.sbn", "this required template is missing")]
    [InlineData("tenant-appointment-cancelled.en.html.sbn", "this required template is missing")]
    [InlineData("_visit.txt.sbn", "_visit.txt")]
    [InlineData("_slot-of.txt.sbn", "_slot-of.txt")]
    public void ValidateTemplates_ChangedOrCancelledLetterOrAPartialItNeedsMissing_IsAProblemNamingTheFile(string file, string named)
    {
        using var folder = new TemplateFolder();
        File.Delete(Path.Join(folder.Path, file));

        var problems = TemplateRenderer.ValidateTemplates(folder.Path).Select(p => p.ToString()).ToList();

        // A missing body is named by its file; a missing partial by the include that needs it (file, line and column).
        Assert.Contains(problems, p => p.Contains(named, StringComparison.Ordinal)
            && (file.StartsWith('_') || p.StartsWith(Path.Join(folder.Path, file), StringComparison.Ordinal)));
    }

    [Fact]
    public void ValidateTemplates_ChangedLetterWithAMisspeltMember_NamesItsFileLineAndColumn()
    {
        using var folder = new TemplateFolder();
        var typo = folder.Write("tenant-appointment-changed.en.txt.sbn", "Subject: x\nWe wrote about {{ appointment.replaces.dat.text }}.\n");

        var problems = TemplateRenderer.ValidateTemplates(folder.Path).Select(p => p.ToString()).ToList();

        Assert.Contains(problems, p => p.StartsWith($"{typo}:2:", StringComparison.Ordinal) && p.Contains("dat", StringComparison.Ordinal));
    }

    [Fact]
    public void ValidateTemplates_MissingFolder_IsOneProblem()
    {
        var problem = Assert.Single(TemplateRenderer.ValidateTemplates("/no/such/templates"));

        Assert.Equal("/no/such/templates: the templates folder does not exist", problem.ToString());
    }
}
