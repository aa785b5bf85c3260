namespace AutoReply.Service.Workers;

/// Exponential backoff with jitter (half fixed, half random) so that many sends failing together do not all come
/// back at the same instant; a receiver's Retry-After wins when it asks for longer.
public static class Backoff
{
    public static TimeSpan Delay(int attempts, int baseDelayMs, int maxDelaySeconds, TimeSpan? retryAfter = null)
    {
        var ceiling = Math.Min(baseDelayMs * Math.Pow(2, attempts - 1), maxDelaySeconds * 1000.0);
        var delay = TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
        return retryAfter is { } ra && ra > delay ? ra : delay;
    }
}
