namespace Scheduler.Worker.Tests.Cli;

public class ValidateCommandTests
{
    [Fact]
    public async Task Validate_ShippedConfig_IsClean()
    {
        var (exit, output, error) = await CliRunner.RunAsync("validate");
        Assert.True(exit == 0, error);
        Assert.StartsWith("ok: 8 schedules", output, StringComparison.Ordinal);
        Assert.Contains("80 homes", output, StringComparison.Ordinal);
        Assert.Contains("email templates", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BrokenTemplates_ReportsEachWithTemplateLineAndColumn()
    {
        var dir = CliRunner.CopyOfShippedConfig();
        try
        {
            var templates = Path.Combine(dir, "templates");
            File.WriteAllText(Path.Combine(templates, "contractor-programme.en.html.sbn"), "<p>\n{{ for order in programme.orders }}\n</p>\n");
            File.WriteAllText(
                Path.Combine(templates, "tenant-appointment-first.en.txt.sbn"),
                "Subject: Your visit\nDear {{ tenant.name }},\nWe come on {{ appointment.dat.text }}.\n");

            var (exit, output, error) = await CliRunner.RunInAsync(dir, "validate", "--config", dir);

            Assert.Equal(1, exit);
            Assert.Equal(string.Empty, output);
            Assert.Contains("templates/contractor-programme.en.html.sbn:2:", error, StringComparison.Ordinal);
            Assert.Contains("<end> statement was not found", error, StringComparison.Ordinal);
            Assert.Contains("templates/tenant-appointment-first.en.txt.sbn:3:", error, StringComparison.Ordinal);
            Assert.Contains("dat", error, StringComparison.Ordinal);
            Assert.Contains("problem(s) found", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Validate_ShippedConfig_PrintsNoWarning()
    {
        var (exit, _, error) = await CliRunner.RunAsync("validate");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("warning", error, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A deployment's own notice without the changed-address branch still validates (exit 0, the ok line) but is warned
    /// of, naming the file; with an error as well, the warning follows the errors and the exit code is the errors'.
    /// </summary>
    [Fact]
    public async Task Validate_OwnNoticeWithoutTheAddressBranch_WarnsAfterErrorsWithoutChangingTheExitCode()
    {
        var dir = CliRunner.CopyOfShippedConfig();
        try
        {
            var templates = Path.Combine(dir, "templates");
            File.WriteAllText(Path.Combine(templates, "contractor-work-order.en.txt.sbn"), Email.TemplateWarningsTests.NoticeWithoutAddressBranch());

            var (exit, output, error) = await CliRunner.RunInAsync(dir, "validate", "--config", dir);

            Assert.True(exit == 0, error);
            Assert.StartsWith("ok: ", output, StringComparison.Ordinal);
            var warning = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("warning: ", warning, StringComparison.Ordinal);
            Assert.Contains("templates/contractor-work-order.en.txt.sbn: a changed-address notice reads as any other change", warning, StringComparison.Ordinal);

            File.WriteAllText(Path.Combine(templates, "tenant-appointment-first.en.txt.sbn"), "Subject: Your visit\nWe come on {{ appointment.dat.text }}.\n");
            (exit, output, error) = await CliRunner.RunInAsync(dir, "validate", "--config", dir);

            Assert.Equal(1, exit);
            Assert.Equal(string.Empty, output);
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var found = Array.FindIndex(lines, l => l.Contains("problem(s) found", StringComparison.Ordinal));
            Assert.True(found > 0, error);
            Assert.DoesNotContain(lines[..found], l => l.StartsWith("warning: ", StringComparison.Ordinal));
            Assert.All(lines[(found + 1)..], l => Assert.StartsWith("warning: ", l, StringComparison.Ordinal));
            Assert.Contains(lines[(found + 1)..], l => l.Contains("contractor-work-order.en.txt.sbn: a changed-address notice", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>
    /// What <c>validate</c> checks since small38, on a copy of the shipped config: a notice without the changed-appointment
    /// branch (the replaced appointment never named), a notice whose <c>_order</c> partial lost the checklist while
    /// services.yaml has checklists, and a subject line whose '~' joins the body's first line to it. Each is a warning naming
    /// the file (the subject's with its line), after the ok line's exit 0: a send fails on none of them.
    /// </summary>
    [Fact]
    public async Task Validate_ChangedAppointmentChecklistAndSubject_WarnedNamingTheFile_ExitCodeUnchanged()
    {
        var dir = CliRunner.CopyOfShippedConfig();
        try
        {
            var templates = Path.Combine(dir, "templates");
            string Edit(string name, Func<string, string> change)
            {
                var path = Path.Combine(templates, name);
                var before = File.ReadAllText(path);
                var after = change(before);
                Assert.NotEqual(before, after);
                File.WriteAllText(path, after);
                return path;
            }

            Edit("contractor-work-order.en.txt.sbn", t =>
            {
                var start = t.IndexOf("{{- else if order.is_update && order.appointment -}}", StringComparison.Ordinal);
                return t.Remove(start, t.IndexOf("{{- else if order.is_update -}}", StringComparison.Ordinal) - start);
            });
            Edit("_order.txt.sbn", t =>
            {
                var start = t.IndexOf("{{~ if order.checklist.size > 0 ~}}", StringComparison.Ordinal);
                return t.Remove(start, t.IndexOf("{{~ if order.follow_ups.size > 0 ~}}", StringComparison.Ordinal) - start);
            });
            Edit("contractor-cancellation.en.txt.sbn", t => t.Replace("at {{ order.asset }}\nHello", "at {{ order.asset ~}}\nHello", StringComparison.Ordinal));

            var (exit, output, error) = await CliRunner.RunInAsync(dir, "validate", "--config", dir);

            Assert.True(exit == 0, error);
            Assert.StartsWith("ok: ", output, StringComparison.Ordinal);
            var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, lines.Length);
            Assert.All(lines, l => Assert.StartsWith("warning: ", l, StringComparison.Ordinal));
            Assert.Contains("templates/contractor-cancellation.en.txt.sbn:1:1: the subject is not its line alone", lines[0], StringComparison.Ordinal);
            Assert.Contains("templates/contractor-work-order.en.txt.sbn: a changed-appointment notice never shows order.previous_appointment", lines[1], StringComparison.Ordinal);
            Assert.Contains("templates/contractor-work-order.en.txt.sbn: the service checklist (order.checklist) never appears, while services.yaml gives ", lines[2], StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Validate_AreaWithoutARepairsContractor_IsReportedAtTheRepairsService()
    {
        var dir = CliRunner.CopyOfShippedConfig();
        try
        {
            var contractors = Path.Combine(dir, "contractors.yaml");
            var text = File.ReadAllText(contractors);
            var fixright = text.IndexOf("id: fixright", StringComparison.Ordinal);
            var areas = text.IndexOf("areas: [north, south, east]", fixright, StringComparison.Ordinal);
            File.WriteAllText(contractors, text[..areas] + "areas: [north, south]" + text[(areas + "areas: [north, south, east]".Length)..]);

            var (exit, output, error) = await CliRunner.RunInAsync(dir, "validate", "--config", dir);

            Assert.Equal(1, exit);
            Assert.Equal(string.Empty, output);
            var repairsLine = Array.FindIndex(File.ReadAllLines(Path.Combine(dir, "services.yaml")), l => l.Trim() == "- id: repairs") + 1;
            Assert.True(repairsLine > 0);
            Assert.Contains($"services.yaml:{repairsLine}:", error, StringComparison.Ordinal);
            Assert.Contains("service 'repairs': no contractor serves it in area east", error, StringComparison.Ordinal);
            Assert.DoesNotContain("gas-repair", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Validate_BrokenFiles_ListsEveryProblemWithFileAndLine()
    {
        var dir = CliRunner.CopyOfShippedConfig();
        try
        {
            File.WriteAllText(Path.Combine(dir, "zz-extra.yaml"), """
                schedules:
                  - id: bad-weekly
                    service: block-clean
                    appliesTo: blocks
                    recurrence: { every: 1 fortnight, on: Tuesday }
                  - id: bad-month
                    service: grass-cut
                    appliesTo: sites
                    recurrence: { months: [Mar, Smarch] }
                """);
            var sites = Path.Combine(dir, "sample", "sites.csv");
            var lines = File.ReadAllLines(sites);
            lines[2] = lines[2].Replace(",true,", ",yes,", StringComparison.Ordinal);
            File.WriteAllLines(sites, lines);

            var (exit, _, error) = await CliRunner.RunInAsync(dir, "validate", "--config", dir);

            Assert.Equal(1, exit);
            Assert.Contains("zz-extra.yaml:5:", error, StringComparison.Ordinal);
            Assert.Contains("fortnight", error, StringComparison.Ordinal);
            Assert.Contains("zz-extra.yaml:9:", error, StringComparison.Ordinal);
            Assert.Contains("Smarch", error, StringComparison.Ordinal);
            Assert.Contains("sites.csv:3:", error, StringComparison.Ordinal);
            Assert.Contains("problem(s) found", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // no stack trace for a user mistake
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Validate_MissingConfigFolder_IsAUsageError()
    {
        var (exit, _, error) = await CliRunner.RunAsync("validate", "--config", "no-such-folder");
        Assert.Equal(2, exit);
        Assert.Contains("no-such-folder", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_UpdatedBankHolidayFeedThatIsBroken_IsReported()
    {
        var dir = CliRunner.CopyOfShippedConfig();
        try
        {
            File.WriteAllText(Path.Combine(dir, "bank-holidays.json"), "{ \"england-and-wales\": ");
            var (exit, _, error) = await CliRunner.RunInAsync(dir, "validate", "--config", dir);
            Assert.Equal(1, exit);
            Assert.Contains("bank-holidays.json", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
