using NodaTime;

namespace Scheduler.Domain.Feedback;

/// <summary>
/// What <see cref="FeedbackToken.Verify"/> found. The work order, contractor and expiry are set only when the token is
/// <see cref="FeedbackTokenStatus.Valid"/> (for an expired token they were never trusted, so they are not given either).
/// Holds no part of the token or key, so it is safe to log.
/// </summary>
public sealed class FeedbackTokenResult
{
    private FeedbackTokenResult(FeedbackTokenStatus status, string? workOrderRef, string? contractorId, Instant? expires)
    {
        Status = status;
        WorkOrderRef = workOrderRef;
        ContractorId = contractorId;
        Expires = expires;
    }

    /// <summary>The outcome.</summary>
    public FeedbackTokenStatus Status { get; }

    /// <summary>True when <see cref="Status"/> is <see cref="FeedbackTokenStatus.Valid"/>.</summary>
    public bool IsValid => Status == FeedbackTokenStatus.Valid;

    /// <summary>The work order the token is bound to; null unless valid.</summary>
    public string? WorkOrderRef { get; }

    /// <summary>The contractor the token was issued to; null unless valid.</summary>
    public string? ContractorId { get; }

    /// <summary>The first instant at which the token no longer works (exclusive end, whole seconds); null unless valid.</summary>
    public Instant? Expires { get; }

    /// <summary>Why the token was refused, in words a contractor can read; null when valid.</summary>
    public string? Reason => Status switch
    {
        FeedbackTokenStatus.Valid => null,
        FeedbackTokenStatus.Malformed => "The link is incomplete or damaged.",
        FeedbackTokenStatus.BadSignature => "The link is not one we issued.",
        FeedbackTokenStatus.Expired => "The link has expired.",
        _ => "The link was not checked.",
    };

    internal static FeedbackTokenResult Valid(string workOrderRef, string contractorId, Instant expires) =>
        new(FeedbackTokenStatus.Valid, workOrderRef, contractorId, expires);

    internal static FeedbackTokenResult Refused(FeedbackTokenStatus status) => new(status, null, null, null);

    /// <inheritdoc />
    public override string ToString() => IsValid
        ? $"Valid: work order {WorkOrderRef}, contractor {ContractorId}, expires {Expires}"
        : Status.ToString();
}
