using AutoReply.Core.Engine;
using AutoReply.Core.Policies;

namespace AutoReply.Core.Privacy;

/// A DM that asks for the customer's data to be erased or disclosed (<see cref="DataRequest"/>) goes to a person with
/// reason PrivacyRequest and the acknowledgement's promise, whatever else it matches: no stock answer, no flow step. The
/// brand has a month to answer such a request and must not lose it; the agent acts on it with the privacy API (export,
/// erasure). A request made together with a stop is handled where the stop is (OptOutPolicy).
sealed class HandOffPrivacyRequests(AcknowledgeWithPromise acknowledge) : ITurnStage
{
    public TurnDecision? Decide(Turn turn)
    {
        if (!DataRequest.IsAsked(turn.Text)) return null;
        var request = new HandOffRequest(Handoffs.SlaPolicies.Fallback, Reason.PrivacyRequest.ToString(), null, turn.Thread.Memory.Variables);
        var ack = acknowledge.Decide(turn, request);
        return ack with { Reason = Reason.PrivacyRequest, Detail = "the customer asks for their data to be erased or disclosed: a person acts on it" };
    }
}
