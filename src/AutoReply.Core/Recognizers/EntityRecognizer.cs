namespace AutoReply.Core.Recognizers;

/// All recognizers over one DM. Where two kinds claim the same characters, the more specific wins, in this order:
/// e-mail, URL, IP, phone number, order number, date-time, quantity (money, percentage, ordinal, number), yes/no — so the "15" in
/// "um 15 Uhr" is part of a time, not also a number, and the digits of a phone number are not a quantity.
public sealed class EntityRecognizer
{
    readonly IEntityRecognizer[] byPriority =
    [
        new EmailRecognizer(), new UrlRecognizer(), new IpRecognizer(), new PhoneRecognizer(), new OrderNumberRecognizer(),
        new DateTimeRecognizer(), new QuantityRecognizer(), new BooleanRecognizer(),
    ];

    public IReadOnlyList<Entity> Recognize(string text, RecognitionContext context)
    {
        var kept = new List<Entity>();
        foreach (var recognizer in byPriority)
            foreach (var entity in recognizer.Recognize(text, context))
                if (!kept.Any(k => entity.Start <= k.End && k.Start <= entity.End)) kept.Add(entity);
        kept.Sort((a, b) => a.Start.CompareTo(b.Start));
        return kept;
    }

    /// Entities of one kind from its own recognizer alone, without the others' claims on the same characters: a fraction of
    /// the cost where a caller wants that kind and nothing else (a near-miss order number, a wait in days). Kinds:
    /// "ordernumber", "phonenumber", "datetimeV2" (every date-time).
    public IEnumerable<Entity> Alone(string text, RecognitionContext context, string type) => type switch
    {
        "ordernumber" => byPriority.OfType<OrderNumberRecognizer>().Single().Recognize(text, context),
        "phonenumber" => byPriority.OfType<PhoneRecognizer>().Single().Recognize(text, context),
        "datetimeV2" => byPriority.OfType<DateTimeRecognizer>().Single().Recognize(text, context),
        _ => throw new ArgumentException($"no recognizer of its own for '{type}'", nameof(type)),
    };

    /// Entities of one type, or of a family of types: "datetimeV2" matches every date-time.
    public IReadOnlyList<Entity> Recognize(string text, RecognitionContext context, string type) =>
        Recognize(text, context).Where(e => e.Type == type || e.Type.StartsWith(type + ".", StringComparison.Ordinal)).ToList();
}
