namespace Lookout.Core.Envelopes;

/// <summary>
/// Packs envelopes, in arrival order, into as few queue messages as fit <c>maxMessageBytes</c> each (the
/// size before queue encoding). Every envelope already fits alone (the splitter made sure), and order is kept
/// so an earlier delivery never waits for a later one's message.
/// </summary>
public static class MessagePacker
{
    /// <returns>Per message: the range of envelopes it holds.</returns>
    public static List<Range> Pack(IReadOnlyList<int> envelopeLengths, int maxMessageBytes)
    {
        var messages = new List<Range>();
        var first = 0;
        long bytes = 0;
        for (var i = 0; i < envelopeLengths.Count; i++)
        {
            var count = i - first + 1;
            var withThis = bytes + envelopeLengths[i] + MessageCodec.Overhead(count);
            if (count > 1 && withThis > maxMessageBytes)
            {
                messages.Add(first..i);
                first = i;
                bytes = 0;
            }
            bytes += envelopeLengths[i];
        }
        if (envelopeLengths.Count > 0)
            messages.Add(first..envelopeLengths.Count);
        return messages;
    }
}
