// The Haskell generator: the snippet model as a program on http-client with http-client-tls (TLS from the tls and
// x509 packages, .metadata read with aeson), reading the credentials the bash preamble exports; written to a
// temporary Main.hs and run with runghc. Debian: ghc, libghc-http-client-tls-dev, libghc-aeson-dev.
import type { RequestBlock, Snippet } from '../model.js';
import { type Program, answerUse, applied, blockHeaders, commentLines, conditionTest, expectedStatuses, httpProxy } from './program.js';

/**
 * A Haskell string literal of any text: printable ASCII as itself, `"` `\` and newline escaped, every other
 * character as a decimal escape closed by `\&` (so a digit after it cannot extend it). `u` encodes it as UTF-8.
 */
export function hsString(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else out += `\\${code}\\&`;
  }
  return `"${out}"`;
}

const u = (v: string) => `(u ${hsString(v)})`;

const HEAD = `import Control.Monad (unless, when)
import qualified Data.Aeson as A
import qualified Data.Aeson.Key as K
import qualified Data.Aeson.KeyMap as KM
import qualified Data.ByteString as B
import qualified Data.ByteString.Char8 as B8
import qualified Data.ByteString.Lazy as BL
import qualified Data.CaseInsensitive as CI
import Data.Default.Class (def)
import Data.List (sortOn)
import qualified Data.Text as T
import qualified Data.Text.Encoding as TE
import Data.X509 (AltName (..), CertificateChain (..), ExtSubjectAltName (..), HashALG (..), certExtensions, extensionGet, getCertificate)
import Data.X509.CertificateStore (CertificateStore, readCertificateStore)
import qualified Data.X509.Validation as X509
import Network.Connection (TLSSettings (..))
import Network.HTTP.Client
import Network.HTTP.Client.Internal (Connection, makeConnection)
import Network.HTTP.Client.TLS (mkManagerSettings)
import qualified Network.Socket as NS
import GHC.IO.Encoding (setFileSystemEncoding, utf8)
import Network.HTTP.Types (statusCode)
import qualified Network.TLS as TLS
import qualified Network.TLS.Extra.Cipher as TLS
import System.Environment (lookupEnv)
import System.IO (hFlush, hPutStrLn, stderr, stdout)
import System.Timeout (timeout)
import System.X509 (getSystemCertificateStore)
import Text.Printf (printf)

data Answer = Answer {status :: Int, body :: BL.ByteString}

type Pairs = [(B.ByteString, B.ByteString)]

-- | Text as UTF-8 bytes.
u :: String -> B.ByteString
u = TE.encodeUtf8 . T.pack

env :: String -> IO (Maybe String)
env name = do
  v <- lookupEnv name
  return (if v == Just "" then Nothing else v)

-- | The connection, from the variables the preamble exports: the server, its CA, a client certificate.
connect :: IO (Request, Manager)
connect = do
  -- The values the preamble read from the kubeconfig are UTF-8, whatever the locale.
  setFileSystemEncoding utf8
  Just server <- env "APISERVER"
  base <- parseRequest server
  ca <- env "CACERT"
  store <- maybe getSystemCertificateStore (\\f -> maybe (fail ("no certificate in " ++ f)) return =<< readCertificateStore f) ca
  cert <- env "CERT"
  key <- env "KEY"
  cred <- case (cert, key) of
    (Just c, Just k) -> either fail (return . Just) =<< TLS.credentialLoadX509 c k
    _ -> return Nothing
  let name = maybe (B8.unpack (host base)) id tlsServerName
      params =
        (TLS.defaultParamsClient name B.empty)
          { TLS.clientSupported = def {TLS.supportedCiphers = TLS.ciphersuite_default},
            TLS.clientShared = def {TLS.sharedCAStore = store},
            TLS.clientHooks = def {TLS.onCertificateRequest = \\_ -> return cred, TLS.onServerCertificate = checkServer}
          }
      tls = mkManagerSettings (TLSSettings params) Nothing
      -- tls-server-name: a TLS connection of our own (the connection package would send the URL's host instead).
      named = maybe tls (\\_ -> tls {managerTlsConnection = return (namedTls params)}) tlsServerName
      settings = maybe id (\\(h, p) -> managerSetProxy (useProxy (Proxy h p))) proxyUrl named
  manager <- newManager settings
  return (base, manager)

-- | A TLS connection to host:port with the client parameters as they are: their server name is sent (SNI) and checked.
namedTls :: TLS.ClientParams -> Maybe NS.HostAddress -> String -> Int -> IO Connection
namedTls params _ h port = do
  addr : _ <- NS.getAddrInfo (Just NS.defaultHints {NS.addrSocketType = NS.Stream}) (Just h) (Just (show port))
  sock <- NS.socket (NS.addrFamily addr) NS.Stream NS.defaultProtocol
  NS.connect sock (NS.addrAddress addr)
  ctx <- TLS.contextNew sock params
  TLS.handshake ctx
  makeConnection (TLS.recvData ctx) (TLS.sendData ctx . BL.fromStrict) (TLS.bye ctx >> NS.close sock)

-- | The server certificate must chain to the CA and name the server (a host name, or an IPv4 address in its IP SANs).
checkServer :: CertificateStore -> X509.ValidationCache -> X509.ServiceID -> CertificateChain -> IO [X509.FailedReason]
checkServer store cache sid chain
  | insecure = return []
  | Just ip <- ipv4 (fst sid) = do
      errs <- X509.validate HashSHA256 X509.defaultHooks X509.defaultChecks {X509.checkFQHN = False} store cache sid chain
      return (errs ++ [X509.NameMismatch (fst sid) | ip \`notElem\` ips chain])
  | otherwise = X509.validateDefault store cache sid chain
  where
    ips (CertificateChain (leaf : _)) = case extensionGet (certExtensions (getCertificate leaf)) of
      Just (ExtSubjectAltName names) -> [a | AltNameIP a <- names]
      _ -> []
    ips _ = []
    ipv4 h = case words (map (\\c -> if c == '.' then ' ' else c) h) of
      ws@[_, _, _, _] | all (\\w -> not (null w) && all (\`elem\` "0123456789") w) ws -> Just (B.pack (map (fromIntegral . (read :: String -> Int)) ws))
      _ -> Nothing

-- | A value escaped like Go's url.QueryEscape.
escape :: B.ByteString -> B.ByteString
escape = B.concatMap one
  where
    one c
      | (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c \`elem\` [45, 46, 95, 126] = B.singleton c
      | c == 32 = B8.pack "+"
      | otherwise = B8.pack (printf "%%%02X" c)

-- | The query as client-go writes it: keys sorted (stable), values escaped.
target :: Pairs -> B.ByteString
target [] = B.empty
target query = B.cons 63 (B.intercalate (B8.pack "&") [escape k <> B8.pack "=" <> escape v | (k, v) <- sortOn fst query])

-- | Sends one request; prints the answer (a stream line by line). Ends after the --request-timeout, if any.
call :: (Request, Manager) -> B.ByteString -> B.ByteString -> Pairs -> Pairs -> Maybe B.ByteString -> Bool -> Bool -> IO Answer
call (base, manager) verb p query headers payload stream shown = do
  token <- env "TOKEN"
  user <- env "USERNAME"
  password <- env "PASSWORD"
  let prefix = if B8.pack "/" \`B.isSuffixOf\` path base then B.init (path base) else path base
      bearer = maybe [] (\\t -> [(CI.mk (u "Authorization"), u ("Bearer " ++ t))]) token
      req =
        base
          { method = verb,
            path = prefix <> p,
            queryString = target query,
            requestHeaders = bearer ++ [(CI.mk k, v) | (k, v) <- headers],
            requestBody = RequestBodyBS (maybe B.empty id payload),
            redirectCount = 0,
            responseTimeout = responseTimeoutNone
          }
      authed = case (token, user) of
        (Nothing, Just name) -> applyBasicAuth (u name) (u (maybe "" id password)) req
        _ -> req
  done <- timeout (if timeoutMicros > 0 then timeoutMicros else -1) $ withResponse authed manager $ \\res -> do
    let st = statusCode (responseStatus res)
    if stream
      then lineByLine (responseBody res) B.empty >> return (Answer st BL.empty)
      else do
        chunks <- brConsume (responseBody res)
        let b = BL.fromChunks chunks
        when shown (BL.putStr b >> hFlush stdout)
        return (Answer st b)
  maybe (hPutStrLn stderr "the request timed out (--request-timeout)" >> return (Answer 0 BL.empty)) return done
  where
    lineByLine br pending = do
      chunk <- brRead br
      if B.null chunk
        then unless (B.null pending) (B8.putStrLn pending >> hFlush stdout)
        else do
          let parts = B8.split '\\n' (pending <> chunk)
          mapM_ B8.putStrLn (init parts)
          hFlush stdout
          lineByLine br (last parts)

-- | A field of the answer's .metadata (continue, resourceVersion), empty when absent.
meta :: Answer -> String -> B.ByteString
meta a field = case A.decode (body a) of
  Just (A.Object o) | Just (A.Object m) <- KM.lookup (K.fromString "metadata") o, Just (A.String s) <- KM.lookup (K.fromString field) m -> TE.encodeUtf8 s
  _ -> B.empty

-- | Sends a request again with continue= the answer's .metadata.continue until an answer has none; the last answer.
pages :: (Pairs -> IO Answer) -> IO Answer
pages send = go []
  where
    go more = do
      a <- send more
      let c = meta a "continue"
      if B.null c then return a else go [(u "continue", c)]

-- | The answer of a request that was not sent (its condition did not hold).
skipped :: Answer
skipped = Answer 0 BL.empty
`;

const pairs = (list: readonly (readonly [string, string])[]) => `[${list.map(([k, v]) => `(${u(k)}, ${u(v)})`).join(', ')}]`;
const variable = (name: string) => `v_${name.toLowerCase()}`;

function blockLines(s: Snippet, b: RequestBlock): string[] {
  const out = commentLines(s, b, '--');
  const use = answerUse(b);
  const n = b.number;
  const query = `[${[...b.url.query.map(([k, v]) => `(${u(k)}, ${u(v)})`), ...b.fromAnswer.map((d) => `(${u(d.param)}, ${variable(d.variable)})`)].join(', ')}]`;
  const args = [
    'conn',
    u(b.method),
    u(b.url.path),
    b.paged ? `(${query} ++ more)` : query,
    pairs(blockHeaders(s, b)),
    b.body ? `(Just ${u(b.body.text)})` : 'Nothing',
    b.stream ? 'True' : 'False',
    use.print ? 'True' : 'False',
  ];
  let send = `call ${args.join(' ')}`;
  if (b.paged) send = `pages (\\more -> ${send})`;
  const test = conditionTest(
    b,
    `status a${b.condition?.answer}`,
    (st, codes) => `${st} \`elem\` [${codes.join(', ')}]`,
    (e) => `not (${e})`,
  );
  const lines = [test ? `a${n} <- if ${test} then ${send} else return skipped` : `a${n} <- ${send}`];
  for (const f of b.capture?.fields ?? []) lines.push(`let ${variable(f.variable)} = meta a${n} ${hsString(f.field)}`);
  const named = expectedStatuses(s, b);
  if (named) {
    lines.push(`unless (status a${n} \`elem\` [${named.join(', ')}]) $ hPutStrLn stderr (${hsString(b.report + ' answered HTTP ')} ++ show (status a${n}))`);
  }
  return [...out, ...lines, ''].map((l) => (l ? `  ${l}` : l));
}

/** The program: the shared head (connection, call, meta, pages), then the requests in order in main. */
export function haskellProgram(s: Snippet): Program {
  const m = s.credentials;
  const proxy = httpProxy(s);
  const settings = [
    '-- Settings of the cluster: insecure-skip-tls-verify, tls-server-name, proxy-url (host, port), --request-timeout.',
    'insecure :: Bool',
    `insecure = ${m.insecure ? 'True' : 'False'}`,
    '',
    'tlsServerName :: Maybe String',
    `tlsServerName = ${m.tlsServerName ? `Just ${hsString(m.tlsServerName.name)}` : 'Nothing'}`,
    '',
    'proxyUrl :: Maybe (B.ByteString, Int)',
    `proxyUrl = ${proxy ? `Just (${u(proxy.host)}, ${proxy.port})` : 'Nothing'}`,
    '',
    'timeoutMicros :: Int',
    `timeoutMicros = ${s.maxTimeSeconds ? Math.round(s.maxTimeSeconds * 1_000_000) : 0}`,
    '',
  ];
  const main = ['main :: IO ()', 'main = do', '  conn <- connect', ...s.requests.flatMap((b) => blockLines(s, b)), '  return ()'];
  return {
    source: [HEAD, ...settings, ...main].join('\n') + '\n',
    file: { name: 'Main.hs', run: ['(cd "$DIR" && runghc Main.hs)'] },
    // Through a proxy, http-client's TLS goes through the connection package, which names the server's host.
    applies: applied(s, !proxy),
  };
}
