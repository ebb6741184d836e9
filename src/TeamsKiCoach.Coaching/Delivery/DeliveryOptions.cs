using System.ComponentModel.DataAnnotations;

namespace TeamsKiCoach.Coaching.Delivery;

/// <summary>The "Coach:Delivery" configuration section.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Coach:Delivery";

    /// <summary>Whether this instance runs the scheduler (plans prompts and sends the outbox).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests per second to Teams per app and tenant. Teams allows 50; we keep a margin.</summary>
    [Range(1, 45, ErrorMessage = "Coach:Delivery:RequestsPerSecond must be between 1 and 45 (Teams allows 50 per app and tenant).")]
    public double RequestsPerSecond { get; set; } = 20;

    /// <summary>How often a message is tried before it is marked failed.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 12;

    /// <summary>Sends under way at once, across tenants.</summary>
    [Range(1, 256)]
    public int MaxParallelSends { get; set; } = 16;

    /// <summary>Wait after the first failure without Retry-After; doubled on each further failure, with jitter.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the scheduler looks for due prompts and pending messages when there is nothing to do.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 2000;

    /// <summary>
    /// How long a message a host has taken for sending stays out of every other host's due list. Longer than a
    /// send can take (the connector's HTTP timeout is 100 s); a host that dies mid-send leaves its messages to the
    /// others, or to itself after a restart, once this has passed.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);
}
