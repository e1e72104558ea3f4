using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scheduler.Domain.Feedback;

namespace Scheduler.Worker.Feedback;

/// <summary>
/// ASP.NET Core's rate limiter on the feedback endpoints (the page and the API; health is not limited): a fixed
/// one-minute window per client address (<see cref="FeedbackOptions.PermitsPerMinutePerAddress"/>), chained with one
/// per credential (<see cref="FeedbackOptions.PermitsPerMinute"/>): the link's token (by its hash: the token itself is
/// not kept) or the API key's public id. Over the limit: 429 with <c>Retry-After</c> (seconds) and a problem body.
/// </summary>
internal static class FeedbackRateLimits
{
    /// <summary>Registers the limiter.</summary>
    public static IServiceCollection AddFeedbackRateLimits(this IServiceCollection services, FeedbackOptions options)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, "ip:" + context.Connection.RemoteIpAddress, options.PermitsPerMinutePerAddress)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, Credential(context), options.PermitsPerMinute)));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                rejected.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FeedbackRateLimits).FullName!)
                    .RateLimited(IsApi(rejected.HttpContext) ? FeedbackEndpoints.ApiPath : FeedbackLinks.PathPrefix + "{token}");
                await FeedbackProblems.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"Too many feedback requests; try again in {seconds} second(s).", "rate-limited", cancellationToken).ConfigureAwait(false);
            };
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, string key, int permits) =>
        IsFeedback(context)
            ? RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, permits),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            })
            : RateLimitPartition.GetNoLimiter("unlimited");

    private static bool IsFeedback(HttpContext context) =>
        context.Request.Path.StartsWithSegments(FeedbackLinks.PathPrefix.TrimEnd('/'), StringComparison.Ordinal) || IsApi(context);

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments(FeedbackEndpoints.ApiPath, StringComparison.Ordinal);

    // The credential the request presents, as a partition key that is not the secret itself.
    private static string Credential(HttpContext context)
    {
        if (IsApi(context))
        {
            return ApiKeyHasher.TryGetKeyId(FeedbackApi.PresentedKey(context.Request), out var keyId)
                ? "key:" + keyId
                : "key:none:" + context.Connection.RemoteIpAddress;
        }

        var token = context.Request.Path.Value is { } path && path.Length > FeedbackLinks.PathPrefix.Length
            ? path[FeedbackLinks.PathPrefix.Length..]
            : string.Empty;
        return "link:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)), 0, 12);
    }
}
