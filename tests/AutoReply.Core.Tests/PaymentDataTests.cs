using AutoReply.Core.Privacy;

namespace AutoReply.Core.Tests;

/// Card numbers and IBANs are masked, keeping the last four characters; numbers that only look like them are not.
public sealed class PaymentDataTests
{
    [Theory]
    [InlineData("my card is 4111 1111 1111 1111 pls refund", "my card is •••• •••• •••• 1111 pls refund")]
    [InlineData("4111111111111111", "••••••••••••1111")]
    [InlineData("card: 5500-0000-0000-0004.", "card: ••••-••••-••••-0004.")]
    [InlineData("amex 3782 822463 10005 thx", "amex •••• •••••• •0005 thx")]
    [InlineData("IBAN DE89 3704 0044 0532 0130 00, danke", "IBAN •••• •••• •••• •••• ••30 00, danke")]
    [InlineData("iban: de89370400440532013000", "iban: ••••••••••••••••••3000")]
    [InlineData("tilinumero FI21 1234 5600 0007 85 kiitos", "tilinumero •••• •••• •••• ••07 85 kiitos")]
    [InlineData("AT61 1904 3002 3457 3201", "•••• •••• •••• •••• 3201")]
    [InlineData("card 4111 1111 1111 1111 123 (cvv)", "card •••• •••• •••• 1111 ••• (cvv)")]     // a CVV after it
    [InlineData("4111111111111111 12/27", "••••••••••••1111 ••/••")]                          // an expiry after it
    [InlineData("card 4111 1111 1111 1111 exp 12/27 cvv 123 pls", "card •••• •••• •••• 1111 exp ••/•• cvv ••• pls")]
    [InlineData("my card number is 4111.1111.1111.1111 can you refund", "my card number is ••••.••••.••••.1111 can you refund")]
    [InlineData("kortti 4111  1111  1111  1111 veloitettiin", "kortti ••••  ••••  ••••  1111 veloitettiin")]
    [InlineData("4111\u00A01111\u00A01111\u00A01111", "••••\u00A0••••\u00A0••••\u00A01111")]
    [InlineData("4111/1111/1111/1111", "••••/••••/••••/1111")]
    [InlineData("4111 - 1111 - 1111 - 1111 thx", "•••• - •••• - •••• - 1111 thx")]
    [InlineData("4111\n1111\n1111\n1111", "••••\n••••\n••••\n1111")]
    [InlineData("and my CVV is 123", "and my CVV is •••")]
    [InlineData("my CVV number is: 123", "my CVV number is: •••")]
    [InlineData("5555 5555 5555 4444 737", "•••• •••• •••• 4444 •••")]   // card and code pass Luhn as one 19-digit number
    [InlineData("Prüfziffer: 123, danke", "Prüfziffer: •••, danke")]
    public void Payment_details_are_masked_but_for_the_last_four(string text, string expected)
    {
        var (masked, found) = PaymentData.Mask(text);
        Assert.True(found);
        Assert.Equal(expected, masked);
    }

    [Theory]
    [InlineData("order A-4410 arrived broken")]
    [InlineData("4111 1111 1111 1112")]                       // fails the Luhn check
    [InlineData("call me on +49 170 1234 5678")]              // a phone number
    [InlineData("tracking 1Z999AA10123456784")]               // a parcel number
    [InlineData("DE12 1234 5678 9012 3456 78")]               // fails the mod-97 check
    [InlineData("XX89 3704 0044 0532 0130 00")]               // no such country
    [InlineData("order 41111111111111111111111 please")]      // too long for a card
    [InlineData("delivered 24.11.2026 at 12:30, order 3 items")]   // dates and times
    [InlineData("my cvv is fine, the card works")]            // a code word without a code
    [InlineData("")]
    public void Other_numbers_are_left_alone(string text)
    {
        var (masked, found) = PaymentData.Mask(text);
        Assert.False(found);
        Assert.Equal(text, masked);
    }
}
