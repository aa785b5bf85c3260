using System.Text.RegularExpressions;

namespace AutoReply.Core.Recognizers;

/// Yes and no, the way people type them: "yes please", "yep", "sure", "nope", "ja gerne", "klar", "nö", "kyllä", "ei kiitos".
/// Only a phrase that stands alone or opens the DM counts ("no" in "I have no idea" is not an answer).
public sealed partial class BooleanRecognizer : IEntityRecognizer
{
    [GeneratedRegex(@"^\W*(?<yes>yes( please| sure| of course)?|yeah|yep|yup|sure|of course|ok(ay)?|correct|right|absolutely|definitely|ja( gerne| bitte| klar| genau)?|jawohl|jo|genau|gerne|klar|sicher|na klar|richtig|kyllä|joo|juu|totta kai)(?=\W|$)|^\W*(?<no>no( thanks| thank you| way)?|nope|nah|not really|never|nein( danke)?|nö|nee|ne|auf keinen fall|lieber nicht|ei( kiitos)?|en)(?=\W|$)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public IEnumerable<Entity> Recognize(string text, RecognitionContext context)
    {
        var m = Pattern().Match(text);
        if (!m.Success) yield break;
        var group = m.Groups["yes"].Success ? m.Groups["yes"] : m.Groups["no"];
        yield return new Entity("boolean", group.Value, group.Index, group.Index + group.Length - 1, new Dictionary<string, object?>
        {
            ["value"] = m.Groups["yes"].Success,
            ["score"] = 1.0,
        });
    }
}
