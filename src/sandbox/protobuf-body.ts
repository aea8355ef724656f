// Protobuf request bodies as the sandbox reads them: the shared codec (src/protobuf/codec.ts), with its
// decode errors answered as 400 BadRequest in kube-apiserver's words.
import { ProtobufDecodeError, decodeProtobufObject as decode } from '../protobuf/codec.js';
import { badRequest } from './api-error.js';

/** Decodes a `k8s\0`-prefixed protobuf request body into its JSON object; undecodable bodies are a 400. */
export function decodeProtobufObject(body: Buffer): Record<string, unknown> {
  try {
    return decode(body);
  } catch (e) {
    if (e instanceof ProtobufDecodeError) throw badRequest(e.message);
    throw e;
  }
}
