using Tether.Client.Http;
using Tether.Testing;

namespace Tether.Client.Tests.Http;

/// <summary>
/// <see cref="OutboundHttp.LoadExtraRoots(Func{string, string?}, out IReadOnlyList{string})"/>: CA bundles named by
/// SSL_CERT_FILE and NODE_EXTRA_CA_CERTS are loaded; every unusable bundle becomes a problem sentence, never an exception.
/// </summary>
public sealed class ExtraRootsTests : IDisposable
{
    private readonly TempDirectory _dir = new("extra-roots");
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();

    [Fact]
    public void A_PEM_bundle_named_by_either_variable_is_loaded_without_problems()
    {
        var first = Pem("first.pem", _ca);
        using var other = TestCertificateAuthority.Create("Other Test CA");
        var second = Pem("second.pem", other);

        var roots = OutboundHttp.LoadExtraRoots(Variables(("SSL_CERT_FILE", first), ("NODE_EXTRA_CA_CERTS", second)), out var problems);

        Assert.Empty(problems);
        Assert.Equal([_ca.Root.Thumbprint, other.Root.Thumbprint], roots.Select(c => c.Thumbprint));
    }

    [Fact]
    public void No_variables_or_empty_ones_load_nothing_and_report_nothing()
    {
        var roots = OutboundHttp.LoadExtraRoots(Variables(("SSL_CERT_FILE", "")), out var problems);

        Assert.Empty(roots);
        Assert.Empty(problems);
    }

    [Fact]
    public void A_file_without_any_certificate_is_a_problem_that_names_the_variable_and_the_file()
    {
        var path = Path.Combine(_dir.Path, "garbage.pem");
        File.WriteAllText(path, "this is not a certificate\n");

        var roots = OutboundHttp.LoadExtraRoots(Variables(("NODE_EXTRA_CA_CERTS", path)), out var problems);

        Assert.Empty(roots);
        Assert.Equal($"NODE_EXTRA_CA_CERTS={path} holds no PEM certificate (expected -----BEGIN CERTIFICATE----- blocks)", Assert.Single(problems));
    }

    [Fact]
    public void A_certificate_block_with_broken_contents_is_a_problem()
    {
        var path = Path.Combine(_dir.Path, "broken.pem");
        File.WriteAllText(path, "-----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");

        var roots = OutboundHttp.LoadExtraRoots(Variables(("SSL_CERT_FILE", path)), out var problems);

        Assert.Empty(roots);
        Assert.StartsWith($"SSL_CERT_FILE={path} could not be read: ", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing.pem")]
    [InlineData(".")]
    public void A_missing_file_or_a_directory_is_a_problem(string name)
    {
        var path = Path.Combine(_dir.Path, name);

        var roots = OutboundHttp.LoadExtraRoots(Variables(("SSL_CERT_FILE", path)), out var problems);

        Assert.Empty(roots);
        Assert.StartsWith($"SSL_CERT_FILE={path} could not be read: ", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void One_bad_bundle_does_not_drop_the_good_one()
    {
        var good = Pem("good.pem", _ca);

        var roots = OutboundHttp.LoadExtraRoots(Variables(("SSL_CERT_FILE", Path.Combine(_dir.Path, "missing.pem")), ("NODE_EXTRA_CA_CERTS", good)), out var problems);

        Assert.Equal(_ca.Root.Thumbprint, Assert.Single(roots).Thumbprint);
        Assert.StartsWith("SSL_CERT_FILE=", Assert.Single(problems), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _dir.Dispose();
    }

    private static Func<string, string?> Variables(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    private string Pem(string name, TestCertificateAuthority ca)
    {
        var path = Path.Combine(_dir.Path, name);
        ca.WriteRootPem(path);
        return path;
    }
}
