using Scheduler.Domain.Compliance;
using Scheduler.Persistence.Outbox;

namespace Scheduler.Persistence.Gas;

/// <summary>The tenant letter for each attempt (<see cref="TenantLetterKinds"/>), from the domain's <see cref="LetterKind"/>.</summary>
public static class GasLetters
{
    /// <summary><c>appointment-first</c>, <c>appointment-second</c> or <c>appointment-third</c> (3 and any later attempt).</summary>
    public static string For(int attempt) => AccessAttempt.LetterFor(attempt) switch
    {
        LetterKind.First => TenantLetterKinds.AppointmentFirst,
        LetterKind.Second => TenantLetterKinds.AppointmentSecond,
        _ => TenantLetterKinds.AppointmentThird,
    };

    /// <summary>The domain letter for a stored letter text.</summary>
    public static LetterKind Parse(string letter) => letter switch
    {
        TenantLetterKinds.AppointmentFirst => LetterKind.First,
        TenantLetterKinds.AppointmentSecond => LetterKind.Second,
        TenantLetterKinds.AppointmentThird => LetterKind.Third,
        _ => LetterKind.Invalid,
    };
}
