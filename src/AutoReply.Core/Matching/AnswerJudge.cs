namespace AutoReply.Core.Matching;

/// Is the matcher's best answer the right one? A logistic model over what the matching stage reads of a DM: the
/// matcher's calibrated confidence in the best and the second answer, how ordinary the DM's evidence is next to genuine
/// questions (<see cref="IntentMatcher.Evidence"/>), and the DM's words (Vocabulary: the share the library has never
/// seen, how many the answer's own texts hold, how many belong to the examples of other answers).
///
/// Why a model and not the confidence alone: the matcher's confidence is calibrated on the library's own examples,
/// which are held out a fifth at a time — on a small library a few dozen of them, none a question next to the
/// business's topics. It says little about "do you rent e-bikes?" beside "service my e-bike". The model is fitted once
/// on what tells a right answer from a wrong one across many small libraries: 80 simulated libraries, half of them first
/// libraries of 18 answers with five examples each, the others of 9, 14 or 20 examples an answer, drawn from one half of the train splits of clinc150 and banking77 (three more of each
/// answer's phrasings, and neighbouring intents left out of the library as questions next to its topics), plus the tuned
/// parts of the judgement libraries (tests/judgement, five times over; their never-tuned parts, validation DMs and the
/// holdout libraries are not read). `AutoReply.Benchmarks simulate --fit` refits it, prints the weights below and what
/// they do on libraries drawn from the other half. The library's size is an input: a matcher trained on twenty examples an
/// answer is surer of everything, questions next to its topics too, and fitted on first libraries alone the judge
/// answered 13% of out-of-scope DMs wrongly on libraries of twenty examples an answer (9% on first libraries).
/// The DMs a hard rule of the matching stage already hands off (mostly unknown words, no shared word, other answers'
/// words leading) are left out of the fit: the model judges only what those rules let through.
public static class AnswerJudge
{
    /// What the model reads; <see cref="Vector"/> turns it into its inputs.
    public readonly record struct Reading(float Confidence, float Second, float OutOfScope, double Evidence, int Content, int Unknown, int Covered, int Foreign,
        double PerAnswer)
    {
        public static Reading Of(IntentMatcher matcher, Candidate first, Candidate? second, float outOfScope, DmWords? words, string language) =>
            new(first.Confidence, second?.Confidence ?? 0f, outOfScope, matcher.Evidence(first, outOfScope), words?.Content ?? 0, words?.Unknown.Count ?? 0,
                words?.Covered ?? 0, words?.Foreign.Count ?? 0, matcher.ExamplesPerAnswer(language));
    }

    /// The model's inputs: the log-odds of the best and the second confidence, the evidence, the share of unknown content
    /// words, the counts of the answer's own and of other answers' words (capped at 4: a fifth word says little more), and
    /// the library's size as the log of its examples an answer next to a first library's five, alone and with the confidence.
    /// The out-of-scope probability is not one: the confidence is already capped by it, and as an input of its own it took
    /// a positive weight (more out of scope, likelier right) with no better fit.
    public static double[] Vector(Reading r)
    {
        // Within the sizes it was fitted on (5 to 20 examples an answer): below five the confidence's weight would turn.
        var size = Math.Log(Math.Clamp(r.PerAnswer, 5, 20) / 5);
        return
        [
            Logit(r.Confidence), Logit(r.Second), r.Evidence,
            r.Content == 0 ? 0 : (double)r.Unknown / r.Content, Math.Min(r.Covered, 4), Math.Min(r.Foreign, 4),
            size, size * Logit(r.Confidence),
        ];
    }

    /// Fitted by `simulate --fit` (see the class comment); the first is the intercept, the others go with <see cref="Vector"/>.
    static readonly double[] Weights = [-1.5083, 0.0043, -0.2288, 1.8972, -1.0353, 0.4755, -0.4103, -0.9573, 0.2465];

    /// The probability that the best answer is the right one.
    public static float ProbabilityRight(Reading r) => Probability(Weights, Vector(r));

    public static float Probability(IReadOnlyList<double> weights, double[] inputs)
    {
        var z = weights[0];
        for (var i = 0; i < inputs.Length; i++) z += weights[i + 1] * inputs[i];
        return (float)(1.0 / (1.0 + Math.Exp(-Math.Clamp(z, -30, 30))));
    }

    static double Logit(float p)
    {
        var q = Math.Clamp((double)p, 1e-4, 1 - 1e-4);
        return Math.Log(q / (1 - q));
    }
}
