using NodaTime;
using Scheduler.Worker.Email;

namespace Scheduler.Worker.Tests.Email;

/// <summary>
/// Every tenant letter carries its date (session 29; before, none did): in every shipped template, language and print
/// size, the date line comes first in the body — under the address block of a printed letter, as UK letters have it —
/// and before the greeting, the date alone (no word for "Date"): "1 March 2027", "1 marca 2027".
/// </summary>
public sealed class LetterDateTests
{
    private static readonly TemplateRenderer Renderer = EmailTestData.Renderer();

    public static TheoryData<string, bool> LanguagesAndPrint => new() { { "en", false }, { "en", true }, { "pl", false }, { "pl", true } };

    [Theory]
    [MemberData(nameof(LanguagesAndPrint))]
    public void Render_EveryTenantLetter_BeginsWithItsDateLineBeforeTheGreeting(string language, bool largePrint)
    {
        var dated = new LocalDate(2027, 3, 1);
        var (line, greeting) = language == "en" ? ("1 March 2027", "Dear Sam Example,") : ("1 marca 2027", "Szanowni Państwo,");
        var tenant = EmailTestData.Tenant(language, largePrint);
        var letters = new List<TenantEmail>
        {
            new TenantImprovementEmail(EmailTestData.Organisation(), tenant, EmailTestData.Home(), new ImprovementView(2028, ["boiler"])) { Dated = dated },
        };
        letters.AddRange(new[] { AppointmentLetter.First, AppointmentLetter.Second, AppointmentLetter.Third }.Select(l => EmailTestData.Letter(l, language, largePrint) with { Dated = dated }));

        foreach (var letter in letters)
        {
            var email = Renderer.Render(letter);

            Assert.Equal(language, email.Language);
            Assert.StartsWith($"{line}\n\n{greeting}\n", email.Text, StringComparison.Ordinal);
            Assert.Contains($"\">\n<p>{line}</p>\n<p>{greeting}</p>\n", email.Html, StringComparison.Ordinal);
            Assert.Equal(1, CountOf(email.Html, line));
        }
    }

    [Fact]
    public void Render_LetterDate_IsTheDayGivenWithoutAWeekday_AndTheDateOfTemplatesForOtherLanguages()
    {
        // 29 February of a leap year, a Tuesday: the line has no weekday; letter.date has every part for other languages.
        var email = Renderer.Render(EmailTestData.Letter() with { Dated = new LocalDate(2028, 2, 29) });

        Assert.StartsWith("29 February 2028\n\nDear ", email.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Tuesday 29 February 2028", email.Text, StringComparison.Ordinal);
        Assert.StartsWith("29 lutego 2028\n", Renderer.Render(EmailTestData.Letter(language: "pl") with { Dated = new LocalDate(2028, 2, 29) }).Text, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}
