namespace AutoReply.Service.Tests.Harness;

/// Polls until something the service does in the background has happened. The limit only stops a broken
/// test from hanging; nothing here asserts how long the service took.
public static class Eventually
{
    /// How long a wait goes on by default. Generous: under CI other tests' service processes share the two cores, and a
    /// graceful-stop test once gave up at 30 s on a wait that takes 16 s on a quiet machine.
    public const int Limit = 60;

    /// <paramref name="seen"/>, when given, says in the failure what the test saw meanwhile (e.g. what its posts got).
    public static async Task<T> Value<T>(Func<T> read, Func<T, bool> condition, string what, int seconds = Limit, Func<string>? seen = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = read();
            if (condition(value)) return value;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"gave up waiting for: {what}; last seen: {value}" + (seen is null ? "" : $"; {seen()}"));
            await Task.Delay(20);
        }
    }

    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, int seconds = Limit)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (condition(value)) return value;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"gave up waiting for: {what}; last seen: {value}");
            await Task.Delay(20);
        }
    }
}
