using System.Text.RegularExpressions;
using NodaTime;
using Scheduler.Domain.Configuration;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email;

/// <summary>Rendering the shipped templates: every template, language, large print, escaping.</summary>
public sealed partial class TemplateRendererTests
{
    private static readonly TemplateRenderer Renderer = EmailTestData.Renderer();

    public static TheoryData<string> TenantLanguages => new() { "en", "pl" };

    [Fact]
    public void Render_ContractorWorkOrder_GivesSubjectAndBothBodies()
    {
        var email = Renderer.Render(new ContractorWorkOrderEmail(EmailTestData.Organisation(), EmailTestData.Contractor(), EmailTestData.Order()));

        Assert.Equal("Work order WO-2027-000123: Grass cutting at Oakfield Estate", email.Subject);
        Assert.Equal("en", email.Language);
        foreach (var body in new[] { email.Text, email.Html })
        {
            Assert.Contains("WO-2027-000123", body, StringComparison.Ordinal);
            Assert.Contains("Wednesday 12 May 2027", body, StringComparison.Ordinal);
            Assert.Contains("Monday 10 May 2027 to Friday 21 May 2027", body, StringComparison.Ordinal);
            Assert.Contains("Hardstanding kept weed and litter free", body, StringComparison.Ordinal);
            Assert.Contains("Path sweeping after a grass cut (WO-2027-000124)", body, StringComparison.Ordinal);
            Assert.Contains("Oakfield Estate, LS1 1AA", body, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Subject:", email.Text, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", email.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ChangedWorkOrder_SaysItChanged()
    {
        var email = Renderer.Render(new ContractorWorkOrderEmail(
            EmailTestData.Organisation(), EmailTestData.Contractor(), EmailTestData.Order(status: WorkOrderStatus.Changed, sequence: 2)));

        Assert.StartsWith("Changed work order WO-2027-000123", email.Subject, StringComparison.Ordinal);
        Assert.Contains("We have changed this work order.", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Programme_ListsEveryOrder()
    {
        var orders = new[] { EmailTestData.Order(1), EmailTestData.Order(5, WorkOrderStatus.Changed, 1), EmailTestData.Order(9) };
        var email = Renderer.Render(new ContractorProgrammeEmail(EmailTestData.Organisation(), EmailTestData.Contractor(), new NodaTime.LocalDate(2027, 5, 10), orders));

        Assert.Equal("Your programme for Monday 10 May 2027 to Sunday 16 May 2027: 3 orders", email.Subject);
        foreach (var order in orders)
        {
            Assert.Contains(order.Reference, email.Text, StringComparison.Ordinal);
            Assert.Contains(order.Reference, email.Html, StringComparison.Ordinal);
        }

        Assert.Contains($"- {orders[1].Reference} (changed since we last sent it): Grass cutting, Oakfield Estate, LS1 1AA; window Mon 10 May to Fri 21 May", email.Text, StringComparison.Ordinal);
        Assert.Contains("Wednesday 12 May 2027: 3 orders", email.Text, StringComparison.Ordinal);
        Assert.Contains("  After this visit: Path sweeping after a grass cut (WO-2027-000002), target Fri 14 May, window Thu 13 May to Wed 26 May", email.Text, StringComparison.Ordinal);

        // The service's checklist once, not once per order.
        Assert.Equal(2, email.Text.Split("Hardstanding kept weed and litter free").Length);
        Assert.Equal(2, email.Html.Split("Hardstanding kept weed and litter free").Length);
    }

    [Fact]
    public void Render_EmptyProgramme_SaysThereIsNoWork()
    {
        var email = Renderer.Render(new ContractorProgrammeEmail(EmailTestData.Organisation(), EmailTestData.Contractor(), new NodaTime.LocalDate(2027, 5, 10), []));

        Assert.Contains("We have no work for you in the week from Monday 10 May 2027", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Cancellation_SaysNotToDoTheWorkAndWhy()
    {
        var email = Renderer.Render(new ContractorCancellationEmail(
            EmailTestData.Organisation(), EmailTestData.Contractor(), EmailTestData.Order(status: WorkOrderStatus.Cancelled, sequence: 1), "The site is closed."));

        Assert.Equal("Cancelled: work order WO-2027-000123, Grass cutting at Oakfield Estate", email.Subject);
        Assert.Contains("Please do not do this work.", email.Text, StringComparison.Ordinal);
        Assert.Contains("Why: The site is closed.", email.Text, StringComparison.Ordinal);
        Assert.Contains("<p>Why: The site is closed.</p>", email.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AppointmentLetter.First, "en", "Your annual gas safety check on Tuesday 14 September 2027")]
    [InlineData(AppointmentLetter.Second, "en", "New appointment for your annual gas safety check on Tuesday 14 September 2027")]
    [InlineData(AppointmentLetter.Third, "en", "Final letter: your annual gas safety check on Tuesday 14 September 2027")]
    [InlineData(AppointmentLetter.First, "pl", "Wizyta w Państwa domu: coroczny przegląd instalacji gazowej, wtorek, 14 września 2027")]
    [InlineData(AppointmentLetter.Second, "pl", "Nowy termin wizyty: coroczny przegląd instalacji gazowej, wtorek, 14 września 2027")]
    [InlineData(AppointmentLetter.Third, "pl", "Ostatni list: wizyta we wtorek, 14 września 2027 (coroczny przegląd instalacji gazowej)")]
    [InlineData(AppointmentLetter.Changed, "en", "Your annual gas safety check has changed to Tuesday 14 September 2027")]
    [InlineData(AppointmentLetter.Changed, "pl", "Zmiana terminu wizyty: coroczny przegląd instalacji gazowej, wtorek, 14 września 2027")]
    [InlineData(AppointmentLetter.Cancelled, "en", "Your annual gas safety check on Tuesday 14 September 2027 is cancelled")]
    [InlineData(AppointmentLetter.Cancelled, "pl", "Wizyta odwołana: coroczny przegląd instalacji gazowej, wtorek, 14 września 2027")]
    public void Render_TenantLetter_InTheTenantsLanguage(AppointmentLetter letter, string language, string subject)
    {
        var email = Renderer.Render(EmailTestData.Letter(letter, language));

        Assert.Equal(subject, email.Subject);
        Assert.Equal(language, email.Language);
        Assert.Contains($"<html lang=\"{language}\">", email.Html, StringComparison.Ordinal);
        foreach (var body in new[] { email.Text, email.Html })
        {
            Assert.Contains("WO-2027-000200", body, StringComparison.Ordinal);
            Assert.Contains("Flat 2, 1 High Street, LS1 1AB", body, StringComparison.Ordinal);
            Assert.Contains("0808 157 0192", body, StringComparison.Ordinal);
            Assert.Contains("customer.services@examplehomes.example", body, StringComparison.Ordinal);
        }

        if (letter is AppointmentLetter.Second or AppointmentLetter.Third)
        {
            Assert.Contains(language == "en" ? "31 August 2027" : "31 sierpnia 2027", email.Text, StringComparison.Ordinal);
        }

        if (letter == AppointmentLetter.Changed)
        {
            Assert.Contains(language == "en" ? "7 September 2027" : "7 września 2027", email.Text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TenantLanguages))]
    public void Render_EveryTenantLetter_OffersOtherFormatsAndSaysHowToRearrange(string language)
    {
        var (formats, offer) = language == "en"
            ? ("Other formats and languages", "We can send this letter in large print, braille, audio or another language.")
            : ("Inne formaty i języki", "Możemy przesłać ten list dużym drukiem, alfabetem Braille&#39;a, w wersji audio lub w innym języku.");
        foreach (var letter in new[] { AppointmentLetter.First, AppointmentLetter.Second, AppointmentLetter.Third, AppointmentLetter.Changed, AppointmentLetter.Cancelled })
        {
            var email = Renderer.Render(EmailTestData.Letter(letter, language));

            Assert.Contains(formats, email.Text, StringComparison.Ordinal);
            Assert.Contains(formats, email.Html, StringComparison.Ordinal);
            Assert.Contains(offer.Replace("&#39;", "'", StringComparison.Ordinal), email.Text, StringComparison.Ordinal);
            Assert.Contains(language == "en" ? "call us on 0808 157 0192 or email customer.services@examplehomes.example" : "zadzwonić pod numer 0808 157 0192 lub napisać na adres customer.services@examplehomes.example", email.Text, StringComparison.Ordinal);
            Assert.Contains("<a href=\"mailto:customer.services@examplehomes.example\">", email.Html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("cy")]
    [InlineData("ur")]
    [InlineData("")]
    [InlineData("../../etc/passwd")]
    [InlineData("EN")]
    public void Render_LanguageWithoutTemplates_FallsBackToEnglish(string language)
    {
        var email = Renderer.Render(EmailTestData.Letter(language: language));

        Assert.Equal("en", email.Language);
        Assert.EndsWith("tenant-appointment-first.en.txt.sbn", email.TextTemplate, StringComparison.Ordinal);
        Assert.StartsWith("Your annual gas safety check", email.Subject, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pl-PL")]
    [InlineData("PL")]
    [InlineData("pl_pl")]
    public void Render_RegionalTag_UsesItsLanguage(string language)
    {
        Assert.Equal("pl", Renderer.Render(EmailTestData.Letter(language: language)).Language);
    }

    [Theory]
    [MemberData(nameof(TenantLanguages))]
    public void Render_LargePrint_SameWordsInLargeSansSerif(string language)
    {
        foreach (var letter in new[] { AppointmentLetter.First, AppointmentLetter.Second, AppointmentLetter.Third, AppointmentLetter.Changed, AppointmentLetter.Cancelled })
        {
            var standard = Renderer.Render(EmailTestData.Letter(letter, language));
            var large = Renderer.Render(EmailTestData.Letter(letter, language, largePrint: true));

            // The same words, but for the offer of large print, which a large-print letter does not make.
            var offer = LargePrintOffer(language);
            Assert.Equal(standard.Subject, large.Subject);
            Assert.Equal(2, standard.Text.Split(offer).Length);
            Assert.Equal(standard.Text.Replace(offer, string.Empty, StringComparison.Ordinal), large.Text);
            Assert.Equal(VisibleText(standard.Html).Replace(offer, string.Empty, StringComparison.Ordinal), VisibleText(large.Html));
            Assert.Equal(Tags(standard.Html), Tags(large.Html));
            Assert.True(BodyFontPoints(standard.Html) >= 12);
            Assert.True(BodyFontPoints(large.Html) >= 16);
            Assert.Equal(18, BodyFontPoints(large.Html));
            Assert.Contains("sans-serif", BodyStyle(large.Html), StringComparison.Ordinal);
            Assert.Contains("text-align: left", BodyStyle(large.Html), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(TenantLanguages))]
    public void Render_LargePrintLetter_OffersTheOtherFormatsButNotLargePrint(string language)
    {
        var offer = language == "en"
            ? "We can send this letter in braille, audio or another language."
            : "Możemy przesłać ten list alfabetem Braille'a, w wersji audio lub w innym języku.";
        var tenant = EmailTestData.Tenant(language, largePrint: true);
        var letters = new List<EmailModel>
        {
            new TenantImprovementEmail(EmailTestData.Organisation(), tenant, EmailTestData.Home(), new ImprovementView(2028, ["boiler"])) { Dated = EmailTestData.LetterDated },
        };
        letters.AddRange(new[] { AppointmentLetter.First, AppointmentLetter.Second, AppointmentLetter.Third, AppointmentLetter.Changed, AppointmentLetter.Cancelled }.Select(l => EmailTestData.Letter(l, language, largePrint: true)));
        foreach (var letter in letters)
        {
            var email = Renderer.Render(letter);

            Assert.Contains(offer, email.Text, StringComparison.Ordinal);
            Assert.Contains(offer, email.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(LargePrintOffer(language).Trim(' ', ','), email.Text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(LargePrintOffer(language).Trim(' ', ','), email.Html, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static string LargePrintOffer(string language) => language == "en" ? "large print, " : "dużym drukiem, ";

    [Fact]
    public void Render_LargePrintTemplateOfItsOwn_IsUsedForLargePrintOnly()
    {
        using var folder = new TemplateFolder();
        folder.Write("tenant-appointment-first.en.large.html.sbn", "<p style=\"font-size: 20pt\">Large: {{ tenant.name }}</p>");

        var large = folder.Renderer().Render(EmailTestData.Letter(largePrint: true));
        var standard = folder.Renderer().Render(EmailTestData.Letter());

        Assert.Equal("<p style=\"font-size: 20pt\">Large: Sam Example</p>", large.Html);
        Assert.EndsWith(".en.large.html.sbn", large.HtmlTemplate, StringComparison.Ordinal);
        Assert.DoesNotContain("Large:", standard.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AppointmentLetter.First, "en", "Tuesday 14 September 2027, in the morning, between 8am and 12 noon.")]
    [InlineData(AppointmentLetter.Second, "en", "Tuesday 14 September 2027, in the morning, between 8am and 12 noon.")]
    [InlineData(AppointmentLetter.Third, "en", "Tuesday 14 September 2027, in the morning, between 8am and 12 noon.")]
    [InlineData(AppointmentLetter.First, "pl", "wtorek, 14 września 2027, rano, między 8:00 a 12:00.")]
    [InlineData(AppointmentLetter.Second, "pl", "wtorek, 14 września 2027, rano, między 8:00 a 12:00.")]
    [InlineData(AppointmentLetter.Third, "pl", "wtorek, 14 września 2027, rano, między 8:00 a 12:00.")]
    public void Render_SlotWithHours_TheLetterSaysThemAndNothingElseChanges(AppointmentLetter letter, string language, string when)
    {
        var without = Renderer.Render(EmailTestData.Letter(letter, language));
        var with = Renderer.Render(EmailTestData.Letter(letter, language, hours: EmailTestData.Morning));
        var before = language == "en" ? "Tuesday 14 September 2027, in the morning." : "wtorek, 14 września 2027, rano.";

        // Without hours the line is today's, word for word; with them only that line changes, in both bodies.
        Assert.Contains($"\n{before}\n", without.Text, StringComparison.Ordinal);
        Assert.Contains($"<strong>{before}</strong>", without.Html, StringComparison.Ordinal);
        Assert.Equal(without.Text.Replace(before, when, StringComparison.Ordinal), with.Text);
        Assert.Equal(without.Html.Replace(before, when, StringComparison.Ordinal), with.Html);
        Assert.Equal(without.Subject, with.Subject);
    }

    [Theory]
    [InlineData(8, 0, 12, 0, "between 8am and 12 noon", "między 8:00 a 12:00")]
    [InlineData(12, 0, 17, 0, "between 12 noon and 5pm", "między 12:00 a 17:00")]
    [InlineData(7, 30, 9, 45, "between 7:30am and 9:45am", "między 7:30 a 9:45")]
    [InlineData(12, 30, 13, 5, "between 12:30pm and 1:05pm", "między 12:30 a 13:05")]
    [InlineData(0, 0, 0, 30, "between 12 midnight and 12:30am", "między 0:00 a 0:30")]
    [InlineData(18, 0, 23, 59, "between 6pm and 11:59pm", "między 18:00 a 23:59")]
    public void Render_SlotHours_InPlainEnglishAndTwentyFourHourPolish(int fromHour, int fromMinute, int toHour, int toMinute, string english, string polish)
    {
        var hours = new SlotHours(new NodaTime.LocalTime(fromHour, fromMinute), new NodaTime.LocalTime(toHour, toMinute));

        Assert.Contains($"in the morning, {english}.", Renderer.Render(EmailTestData.Letter(hours: hours)).Text, StringComparison.Ordinal);
        Assert.Contains($"rano, {polish}.", Renderer.Render(EmailTestData.Letter(language: "pl", hours: hours)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UnknownSlotWithHours_NamesTheSlotThenTheHours()
    {
        var appointment = EmailTestData.Appointment() with { Slot = "EVE", Hours = new SlotHours(new NodaTime.LocalTime(17, 0), new NodaTime.LocalTime(20, 0)) };

        var email = Renderer.Render(new TenantAppointmentEmail(EmailTestData.Organisation(), EmailTestData.Tenant(), EmailTestData.Home(), appointment) { Dated = EmailTestData.LetterDated });

        Assert.Contains("\nTuesday 14 September 2027, EVE, between 5pm and 8pm.\n", email.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AppointmentLetter.First, "en")]
    [InlineData(AppointmentLetter.Second, "en")]
    [InlineData(AppointmentLetter.Third, "en")]
    [InlineData(AppointmentLetter.First, "pl")]
    [InlineData(AppointmentLetter.Second, "pl")]
    [InlineData(AppointmentLetter.Third, "pl")]
    public void Render_AVisitWithNothingToList_HasNoEmptyHeadingOrList(AppointmentLetter letter, string language)
    {
        // A service with neither tenantChecklist nor checklist (both optional in config): the letter does not announce a
        // list it does not have. With one item, the heading and the item are there.
        var empty = EmailTestData.Appointment(letter) with { ServiceId = "boiler-service", ServiceName = "Boiler service", WhatWillHappen = [] };
        var one = empty with { WhatWillHappen = ["We will service your boiler"] };

        var without = Renderer.Render(new TenantAppointmentEmail(EmailTestData.Organisation(), EmailTestData.Tenant(language), EmailTestData.Home(), empty) { Dated = EmailTestData.LetterDated });
        var with = Renderer.Render(new TenantAppointmentEmail(EmailTestData.Organisation(), EmailTestData.Tenant(language), EmailTestData.Home(), one) { Dated = EmailTestData.LetterDated });

        var heading = language == "pl" ? "Wizyta obejmuje:" : "The visit covers:";
        foreach (var body in new[] { without.Text, without.Html })
        {
            Assert.DoesNotContain(heading, body, StringComparison.Ordinal);
            Assert.DoesNotContain("<ul>", body, StringComparison.Ordinal);
        }

        Assert.Contains(language == "pl" ? "Prosimy poprosić o jego okazanie." : "Please ask to see it.", without.Text, StringComparison.Ordinal);
        Assert.Contains($"{heading}\n- We will service your boiler\n", with.Text, StringComparison.Ordinal);
        Assert.Contains("<li>We will service your boiler</li>", with.Html, StringComparison.Ordinal);
        Assert.Contains(heading, with.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HostileValues_AreEscapedInHtmlAndCannotSplitTheSubject()
    {
        const string escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien &amp; Sons  Bcc: victim@example.org";
        var order = EmailTestData.Order(address: EmailTestData.Hostile, assetName: EmailTestData.Hostile, checklist: [EmailTestData.Hostile]);
        var contractor = EmailTestData.Contractor(name: EmailTestData.Hostile);
        var emails = new[]
        {
            Renderer.Render(new ContractorWorkOrderEmail(EmailTestData.Organisation(EmailTestData.Hostile), contractor, order)),
            Renderer.Render(new ContractorProgrammeEmail(EmailTestData.Organisation(EmailTestData.Hostile), contractor, new NodaTime.LocalDate(2027, 5, 10), [order])),
            Renderer.Render(new ContractorCancellationEmail(EmailTestData.Organisation(EmailTestData.Hostile), contractor, order with { Status = WorkOrderStatus.Cancelled }, EmailTestData.Hostile)),
            Renderer.Render(new TenantAppointmentEmail(
                EmailTestData.Organisation(EmailTestData.Hostile),
                EmailTestData.Tenant(name: EmailTestData.Hostile),
                EmailTestData.Home(EmailTestData.Hostile),
                EmailTestData.Appointment(service: EmailTestData.Hostile)) { Dated = EmailTestData.LetterDated }),
            Renderer.Render(new TenantAppointmentEmail(
                EmailTestData.Organisation(EmailTestData.Hostile),
                EmailTestData.Tenant("pl", name: EmailTestData.Hostile),
                EmailTestData.Home(EmailTestData.Hostile),
                EmailTestData.Appointment(AppointmentLetter.Third, service: EmailTestData.Hostile)) { Dated = EmailTestData.LetterDated }),
            Renderer.Render(new TenantAppointmentEmail(
                EmailTestData.Organisation(EmailTestData.Hostile),
                EmailTestData.Tenant(name: EmailTestData.Hostile),
                EmailTestData.Home(EmailTestData.Hostile),
                EmailTestData.Appointment(service: EmailTestData.Hostile) with { Slot = EmailTestData.Hostile, Hours = EmailTestData.Morning }) { Dated = EmailTestData.LetterDated }),
            Renderer.Render(new TenantAppointmentEmail(
                EmailTestData.Organisation(EmailTestData.Hostile),
                EmailTestData.Tenant("pl", name: EmailTestData.Hostile),
                EmailTestData.Home(EmailTestData.Hostile),
                EmailTestData.Appointment(service: EmailTestData.Hostile) with { Slot = EmailTestData.Hostile, Hours = EmailTestData.Morning }) { Dated = EmailTestData.LetterDated }),
        };

        // A slot id config does not know is printed as it is, so it is escaped like any other value, hours or not.
        Assert.Contains($"{escaped}, between 8am and 12 noon.</strong>", emails[^2].Html, StringComparison.Ordinal);
        Assert.Contains($"{escaped}, między 8:00 a 12:00.</strong>", emails[^1].Html, StringComparison.Ordinal);
        foreach (var email in emails)
        {
            Assert.DoesNotContain("<script", email.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("O'Brien", email.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("&amp;amp;", email.Html, StringComparison.Ordinal);
            Assert.Contains(escaped, email.Html, StringComparison.Ordinal);
            Assert.Contains("<script>alert(\"x\")</script> O'Brien & Sons  Bcc: victim@example.org", email.Text, StringComparison.Ordinal);
            Assert.DoesNotContain('\r', email.Subject);
            Assert.DoesNotContain('\n', email.Subject);
            Assert.DoesNotContain("\nBcc:", email.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_MissingPhoneAndEmail_TellsTenantsWhoToContact()
    {
        var organisation = new Scheduler.Domain.Configuration.Organisation("Example Homes", "Europe/London", Scheduler.Domain.WorkingDays.BankHolidayRegion.EnglandAndWales);
        var email = Renderer.Render(new TenantAppointmentEmail(organisation, EmailTestData.Tenant(), EmailTestData.Home(), EmailTestData.Appointment()) { Dated = EmailTestData.LetterDated });

        Assert.Contains("To ask, please contact Example Homes.", email.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EnglishTenantLetters_AreInPlainEnglish()
    {
        // DOMAIN §8: sentences of 15-20 words on average. Ours are shorter; none is a wall of words.
        foreach (var letter in new[] { AppointmentLetter.First, AppointmentLetter.Second, AppointmentLetter.Third, AppointmentLetter.Changed, AppointmentLetter.Cancelled })
        {
            var text = Renderer.Render(EmailTestData.Letter(letter)).Text;
            var prose = string.Join(' ', text.Split('\n').Where(l => l.EndsWith('.')));
            var sentences = SentenceEnd().Split(prose).Where(s => s.Trim().Length > 0).ToList();
            var words = sentences.Select(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length).ToList();

            Assert.True(words.Average() <= 20, $"{letter}: {words.Average():0.0} words a sentence on average");
            Assert.True(words.Max() <= 30, $"{letter}: a sentence of {words.Max()} words");
            Assert.DoesNotMatch(@"\b[A-Z]{4,}\b(?<!WO)", text.Replace("WO-2027-000200", string.Empty, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("en", "We wrote to you about an appointment on Tuesday 7 September 2027, in the afternoon, between 12 noon and 5pm. That appointment is cancelled.", "When we will come now\nTuesday 14 September 2027, in the morning, between 8am and 12 noon.\n")]
    [InlineData("pl", "Pisaliśmy do Państwa o wizycie we wtorek, 7 września 2027, po południu, między 12:00 a 17:00. Ta wizyta jest odwołana.", "Nowy termin wizyty\nwtorek, 14 września 2027, rano, między 8:00 a 12:00.\n")]
    public void Render_ChangedLetter_NamesTheVisitItReplacesAndTheNewOneWithWhatTheFirstLetterSays(string language, string replaced, string when)
    {
        var changed = Renderer.Render(EmailTestData.Letter(AppointmentLetter.Changed, language, hours: EmailTestData.Morning));
        var first = Renderer.Render(EmailTestData.Letter(AppointmentLetter.First, language, hours: EmailTestData.Morning));

        Assert.Contains(replaced, changed.Text, StringComparison.Ordinal);
        Assert.Contains(when, changed.Text, StringComparison.Ordinal);
        Assert.Contains(replaced, VisibleText(changed.Html), StringComparison.Ordinal);

        // What the first letter says about the visit, access and rearranging (the shared partial), word for word.
        var visit = language == "en" ? "What will happen\n" : "Co się wydarzy\n";
        var formats = language == "en" ? "Other formats and languages" : "Inne formaty i języki";
        string Part(string text) => text[text.IndexOf(visit, StringComparison.Ordinal)..text.IndexOf(formats, StringComparison.Ordinal)];
        Assert.Equal(Part(first.Text), Part(changed.Text));
        Assert.Contains(language == "en" ? "Please make sure an adult is at home." : "Prosimy zadbać, aby w domu była osoba dorosła.", Part(changed.Text), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", true, "Your appointment for your annual gas safety check on Tuesday 14 September 2027, in the morning, between 8am and 12 noon, is cancelled. Please do not wait in for it.\n\nWe have a record that your annual gas safety check was done on Thursday 19 August 2027, so we do not need this visit.\n\nIf you have any questions, please call us on 0808 157 0192 or email customer.services@examplehomes.example. Quote your reference, WO-2027-000200.\n")]
    [InlineData("en", false, "Your appointment for your annual gas safety check on Tuesday 14 September 2027, in the morning, between 8am and 12 noon, is cancelled. Please do not wait in for it.\n\nWe no longer need this visit. If we need to visit your home again, we will write to you with a new appointment.\n\nIf you have any questions")]
    [InlineData("pl", true, "Wizyta we wtorek, 14 września 2027, rano, między 8:00 a 12:00, jest odwołana. Cel wizyty: coroczny przegląd instalacji gazowej. Prosimy nie czekać na nią w domu.\n\nWedług naszych danych przegląd został wykonany w czwartek, 19 sierpnia 2027, więc ta wizyta nie jest potrzebna.\n")]
    [InlineData("pl", false, "Prosimy nie czekać na nią w domu.\n\nTa wizyta nie jest już potrzebna. Jeśli będziemy musieli odwiedzić Państwa dom, napiszemy do Państwa o nowym terminie.\n")]
    public void Render_CancelledLetter_NamesTheDaySaysNotToWaitInAndWhy(string language, bool checkMade, string says)
    {
        var model = EmailTestData.Letter(AppointmentLetter.Cancelled, language, hours: EmailTestData.Morning);
        var email = Renderer.Render(checkMade ? model : model with { Appointment = model.Appointment with { CheckedOn = null } });

        Assert.Contains(says, email.Text, StringComparison.Ordinal);
        Assert.Contains(says.Split('\n')[0], VisibleText(email.Html), StringComparison.Ordinal);
        // It books nothing: no visit, access or rearranging words of the appointment letters.
        Assert.DoesNotContain(language == "en" ? "What will happen" : "Co się wydarzy", email.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AppointmentLetter.Second, "en", "We also wrote to you about an appointment on Tuesday 7 September 2027, in the afternoon, between 12 noon and 5pm. That appointment is cancelled. Please do not wait in for it.\n\nWhen we will come\n")]
    [InlineData(AppointmentLetter.Third, "en", "We also wrote to you about an appointment on Tuesday 7 September 2027, in the afternoon, between 12 noon and 5pm. That appointment is cancelled. Please do not wait in for it.\n\nWhen we will come\n")]
    [InlineData(AppointmentLetter.Second, "pl", "Pisaliśmy do Państwa także o wizycie we wtorek, 7 września 2027, po południu, między 12:00 a 17:00. Ta wizyta jest odwołana. Prosimy nie czekać na nią w domu.\n\nKiedy przyjdziemy\n")]
    [InlineData(AppointmentLetter.Third, "pl", "Pisaliśmy do Państwa także o wizycie we wtorek, 7 września 2027, po południu, między 12:00 a 17:00. Ta wizyta jest odwołana. Prosimy nie czekać na nią w domu.\n\nKiedy przyjdziemy\n")]
    public void Render_LaterLetterThatAlsoCancelsAToldVisit_NamesIt_ElseTheSameLetter(AppointmentLetter letter, string language, string cancelled)
    {
        var plain = EmailTestData.Letter(letter, language, hours: EmailTestData.Morning);
        var also = plain with { Appointment = plain.Appointment with { Replaces = new OrderAppointment(new LocalDate(2027, 9, 7), "PM", EmailTestData.Afternoon) } };

        var with = Renderer.Render(also);
        var without = Renderer.Render(plain);

        Assert.Contains(cancelled, with.Text, StringComparison.Ordinal);
        Assert.Contains(cancelled[..cancelled.IndexOf('\n', StringComparison.Ordinal)], VisibleText(with.Html), StringComparison.Ordinal);
        Assert.Equal(without.Text, with.Text.Replace(cancelled[..(cancelled.IndexOf('\n', StringComparison.Ordinal) + 2)], string.Empty, StringComparison.Ordinal));
        Assert.Equal(without.Subject, with.Subject);
    }

    [Fact]
    public void Render_SameEmailTwice_GivesTheSameResult()
    {
        var model = EmailTestData.Letter(AppointmentLetter.Second, "pl");

        Assert.Equal(Renderer.Render(model), Renderer.Render(model));
    }

    private static string VisibleText(string html) =>
        Regex.Replace(Regex.Replace(html, "<[^>]+>", " "), @"\s+", " ").Trim();

    private static string Tags(string html) =>
        string.Join(string.Empty, Regex.Matches(html, "<([a-zA-Z0-9!]+)").Select(m => m.Groups[1].Value + ";"));

    private static string BodyStyle(string html) => Regex.Match(html, "<body[^>]*>\\s*<div style=\"([^\"]+)\"").Groups[1].Value;

    private static int BodyFontPoints(string html) =>
        int.Parse(Regex.Match(BodyStyle(html), @"font-size: (\d+)pt").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("AM", 8, 0, 12, 0, "morning, between 8am and 12 noon")]
    [InlineData("PM", 12, 30, 17, 0, "afternoon, between 12:30pm and 5pm")]
    [InlineData("PM", -1, 0, 0, 0, "afternoon")]
    [InlineData("Early & <late>", -1, 0, 0, 0, "Early & <late>")]
    [InlineData("EV", 17, 0, 20, 30, "EV, between 5pm and 8:30pm")]
    public void SlotWords_ShippedPartial_WordsTheSlotAsTheCalendarsBuiltInWordingDid(string slot, int fromHour, int fromMinute, int toHour, int toMinute, string words)
    {
        var hours = fromHour < 0 ? null : new SlotHours(new NodaTime.LocalTime(fromHour, fromMinute), new NodaTime.LocalTime(toHour, toMinute));
        var appointment = new OrderAppointment(new NodaTime.LocalDate(2027, 1, 8), slot, hours);

        Assert.Equal(words, Renderer.SlotWords(appointment));
        Assert.Equal(words, OrderCalendar.DefaultSlotWords(appointment));
        Assert.Same(Renderer.SlotWords(appointment), Renderer.SlotWords(appointment with { }));
    }

    [Fact]
    public void SlotWords_FolderWithoutTheSlotPartial_IsNull_SoTheCalendarUsesItsDefault()
    {
        using var folder = new TemplateFolder(copyShipped: false);

        Assert.Null(folder.Renderer().SlotWords(new OrderAppointment(new NodaTime.LocalDate(2027, 1, 8), "AM", null)));
    }

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceEnd();
}
