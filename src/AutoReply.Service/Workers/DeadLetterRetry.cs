namespace AutoReply.Service.Workers;

/// Sends a dead-lettered reply again, for the operator (POST /api/deadletters/{id}/retry).
public sealed class DeadLetterRetry(Storage.WriteQueue writes, Storage.Outbox.OutboxStore outbox, PipelineSignals signals, TimeProvider clock)
{
    public async Task<bool> Retry(string id)
    {
        var now = NodaTime.Instant.FromDateTimeOffset(clock.GetUtcNow());
        if (!await writes.Write((db, tx) => outbox.Retry(id, now, db, tx))) return false;
        signals.OutboxChanged.Set();
        return true;
    }
}
