namespace Scheduler.Domain.Feedback;

/// <summary>The outcome of <see cref="FeedbackToken.Verify"/>.</summary>
public enum FeedbackTokenStatus
{
    /// <summary>Not set; never a real outcome.</summary>
    Invalid = 0,

    /// <summary>Signed with the key and not yet expired: the order and contractor it names may be trusted.</summary>
    Valid,

    /// <summary>Not a token at all: empty, too long, wrong characters or shape, or an unreadable payload.</summary>
    Malformed,

    /// <summary>Well formed, but not signed with this key: tampered with, truncated in a way that still parses, or forged.</summary>
    BadSignature,

    /// <summary>Genuine, but its expiry has passed.</summary>
    Expired,
}
