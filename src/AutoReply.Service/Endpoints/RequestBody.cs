using System.Buffers;

namespace AutoReply.Service.Endpoints;

/// Reads a request body whole (signatures are over the raw bytes), refusing one over the limit without
/// buffering more than the limit.
static class RequestBody
{
    public static async Task<(byte[]? Body, bool TooLarge)> ReadLimited(HttpRequest request, int limit, CancellationToken ct)
    {
        if (request.ContentLength > limit) return (null, true);
        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is > 0 and var n ? (int)n : 4096);
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await request.Body.ReadAsync(memory, ct);
            if (read == 0) break;
            buffer.Advance(read);
            if (buffer.WrittenCount > limit) return (null, true);
        }
        return (buffer.WrittenSpan.ToArray(), false);
    }
}
