/**
 * Small builders over onnx-proto for writing ONNX graphs by hand: trained rankers (core/training), the
 * GloVe build script and the tiny test models share them.
 */
import { onnx } from 'onnx-proto';

export const DataType = onnx.TensorProto.DataType;

/** A dimension is either fixed (number) or symbolic (name such as 'batch'). */
export type Dim = number | string;

export interface NodeSpec {
  op: string;
  /** Operator set domain, e.g. 'ai.onnx.ml'; default the standard one (''). */
  domain?: string;
  inputs: string[];
  outputs: string[];
  /** Integers, integer lists, strings and string lists. */
  attributes?: Record<string, number | number[] | string | string[]>;
  /** Floats and float lists (an integer-valued float would otherwise be written as an INT). */
  floatAttributes?: Record<string, number | number[]>;
}

export interface GraphSpec {
  name: string;
  inputs: Array<{ name: string; type: number; dims: Dim[] }>;
  outputs: Array<{ name: string; type: number; dims: Dim[] }>;
  initializers: onnx.ITensorProto[];
  nodes: NodeSpec[];
  /** Default 17: the last opset where ReduceL2/ReduceMean take axes as an attribute. */
  opset?: number;
  /** Versions of further operator set domains the nodes use, e.g. { 'ai.onnx.ml': 3 }. */
  domainOpsets?: Record<string, number>;
  docString?: string;
}

function valueInfo(name: string, type: number, dims: Dim[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: type,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

const { AttributeType } = onnx.AttributeProto;
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function attribute(name: string, value: number | number[] | string | string[]): onnx.IAttributeProto {
  if (typeof value === 'string') return { name, type: AttributeType.STRING, s: utf8(value) };
  if (typeof value === 'number') return { name, type: AttributeType.INT, i: value };
  if (value.every((item): item is string => typeof item === 'string')) return { name, type: AttributeType.STRINGS, strings: value.map(utf8) };
  return { name, type: AttributeType.INTS, ints: value as number[] };
}

function floatAttribute(name: string, value: number | number[]): onnx.IAttributeProto {
  return typeof value === 'number' ? { name, type: AttributeType.FLOAT, f: value } : { name, type: AttributeType.FLOATS, floats: value };
}

export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): onnx.ITensorProto {
  const data = Float32Array.from(values);
  return { name, dims, dataType: DataType.FLOAT, rawData: new Uint8Array(data.buffer) };
}

/** Stores float16 bit patterns (see `toFloat16Bits`) as raw little-endian bytes. */
export function float16Tensor(name: string, dims: number[], bits: Uint16Array): onnx.ITensorProto {
  return { name, dims, dataType: DataType.FLOAT16, rawData: new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength) };
}

export function int64Tensor(name: string, dims: number[], values: number[]): onnx.ITensorProto {
  const data = BigInt64Array.from(values.map((v) => BigInt(v)));
  return { name, dims, dataType: DataType.INT64, rawData: new Uint8Array(data.buffer) };
}

/** Serialises a graph to model.onnx bytes (ir_version 8). */
export function encodeModel(spec: GraphSpec): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'relevance-workbench',
    opsetImport: [{ domain: '', version: spec.opset ?? 17 }, ...Object.entries(spec.domainOpsets ?? {}).map(([domain, version]) => ({ domain, version }))],
    docString: spec.docString ?? '',
    graph: {
      name: spec.name,
      input: spec.inputs.map((i) => valueInfo(i.name, i.type, i.dims)),
      output: spec.outputs.map((o) => valueInfo(o.name, o.type, o.dims)),
      initializer: spec.initializers,
      node: spec.nodes.map((n, index) => ({
        name: `${n.op}_${index}`,
        opType: n.op,
        domain: n.domain ?? '',
        input: n.inputs,
        output: n.outputs,
        attribute: [
          ...Object.entries(n.attributes ?? {}).map(([k, v]) => attribute(k, v)),
          ...Object.entries(n.floatAttributes ?? {}).map(([k, v]) => floatAttribute(k, v)),
        ],
      })),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

const float32Scratch = new Float32Array(1);
const float32Bits = new Uint32Array(float32Scratch.buffer);

/** IEEE 754 binary16 bits of `value`, rounded to nearest even (Node 20 has no Float16Array). */
export function toFloat16Bits(value: number): number {
  float32Scratch[0] = value;
  const bits = float32Bits[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // Inf / NaN
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00; // overflow → Inf
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign; // underflows to ±0
    mantissa |= 0x800000; // make the implicit leading 1 explicit for the subnormal shift
    const shift = 14 - halfExponent;
    const half = mantissa >>> shift;
    const remainder = mantissa & ((1 << shift) - 1);
    const midpoint = 1 << (shift - 1);
    const roundUp = remainder > midpoint || (remainder === midpoint && (half & 1) === 1);
    return sign | (half + (roundUp ? 1 : 0));
  }
  const half = (halfExponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  const roundUp = remainder > 0x1000 || (remainder === 0x1000 && (half & 1) === 1);
  // A carry out of the mantissa correctly bumps the exponent (and can reach Inf).
  return sign | (half + (roundUp ? 1 : 0));
}
