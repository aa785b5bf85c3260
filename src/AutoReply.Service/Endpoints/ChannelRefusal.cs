using AutoReply.Channels;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AutoReply.Service.Endpoints;

/// The 400 for a request naming a channel nobody writes on ("messanger"), with the names it may take: all channels, or
/// only those given (the platforms, for marketing).
static class ChannelRefusal
{
    public static ProblemHttpResult Unknown(IReadOnlyList<string>? channels = null) =>
        TypedResults.Problem(ChannelNames.OneOf(channels ?? ChannelNames.All), statusCode: StatusCodes.Status400BadRequest);
}
