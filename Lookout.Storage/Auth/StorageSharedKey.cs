using System.Security.Cryptography;
using System.Text;

namespace Lookout.Storage.Auth;

/// <summary>An account name and its base64 account key, as in a connection string.</summary>
public sealed class StorageSharedKey
{
    private readonly byte[] _key;

    public StorageSharedKey(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        ArgumentException.ThrowIfNullOrEmpty(accountKey);
        AccountName = accountName;
        try
        {
            _key = Convert.FromBase64String(accountKey);
        }
        catch (FormatException e)
        {
            throw new ArgumentException("The account key is not valid base64.", nameof(accountKey), e);
        }
    }

    public string AccountName { get; }

    /// <summary>HMAC-SHA256 of the UTF-8 string-to-sign with the decoded key, base64-encoded.</summary>
    public string ComputeSignature(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));
}
