#!/usr/bin/python3
"""Convert a TensorFlow.js graph model (model.json + .bin shards) to ONNX (opset 13).

Our own small converter: it needs only onnx and numpy (Debian python3-onnx, python3-numpy). It walks the GraphDef
stored as JSON in `modelTopology`, folds constant sub-graphs with numpy and emits ONNX nodes for the rest. TF ops
that work in NHWC (Conv2D, MaxPool, ResizeBilinear) are wrapped in transposes; transposes that cancel each other
and conv + bias adds are merged so that the graph stays lean. The output is deterministic (same input -> same bytes).

Usage:
  tfjs_to_onnx.py model.json out.onnx [--input-name input] [--input-size S] [--nhwc-input]
                  [--concat NAME=OUT1,OUT2,...]...

--concat joins several graph outputs (along axis 1) into one named output, or with a single OUT renames it. When any
--concat is given only the listed outputs are kept, and only the nodes they need are converted (CenterNet's own
top-K decoding branch, for one, is left out). Without --concat every signature output is kept as it is.

--input-size S converts the graph for a square S x S input instead of the size it was exported with: the input shape
changes and the shape constants that depend on it (the target sizes of resize ops, reshapes without a -1) are scaled
by S / original size. S must be a multiple of 32 (the coarsest stride of the detectors here).

An NHWC image input [1,H,W,3] is turned into an NCHW input [1,3,H,W] with a transpose behind it, unless --nhwc-input
keeps it NHWC. Inside, NHWC convolutions run as NCHW ONNX convs; elementwise ops, means and concats between them are
done in NCHW too so that the transposes around the convs cancel.
"""
import argparse
import base64
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13

TF_DTYPES = {
    "DT_FLOAT": np.float32, "DT_INT32": np.int32, "DT_INT64": np.int64, "DT_BOOL": np.bool_,
    "DT_HALF": np.float16, "DT_UINT8": np.uint8,
}
MANIFEST_DTYPES = {"float32": np.float32, "int32": np.int32, "bool": np.bool_, "float16": np.float16,
                   "uint8": np.uint8, "uint16": np.uint16, "int8": np.int8}
NHWC_TO_NCHW = [0, 3, 1, 2]
NCHW_TO_NHWC = [0, 2, 3, 1]


class ConversionError(Exception):
    pass


def load_weights(model_dir, manifest):
    """Reads every weight of the manifest, de-quantizing as each entry says, in manifest order."""
    weights = {}
    for group in manifest:
        data = b"".join(open(os.path.join(model_dir, p), "rb").read() for p in group["paths"])
        offset = 0
        for w in group["weights"]:
            shape = [int(d) for d in w["shape"]]
            count = int(np.prod(shape)) if shape else 1
            dtype = np.dtype(MANIFEST_DTYPES[w["dtype"]])
            q = w.get("quantization")
            if q:
                qtype = np.dtype(MANIFEST_DTYPES[q["dtype"]])
                raw = np.frombuffer(data, dtype=qtype, count=count, offset=offset)
                offset += count * qtype.itemsize
                if q["dtype"] == "float16":
                    values = raw.astype(np.float32)
                else:
                    # Affine quantization: value = q * scale + min.
                    values = raw.astype(np.float32) * np.float32(q["scale"]) + np.float32(q["min"])
                values = values.astype(dtype)
            else:
                values = np.frombuffer(data, dtype=dtype, count=count, offset=offset).copy()
                offset += count * dtype.itemsize
            weights[w["name"]] = values.reshape(shape)
        if offset != len(data):
            raise ConversionError(f"weight shards {group['paths']} hold {len(data)} bytes, manifest uses {offset}")
    return weights


def attr_string(node, key):
    return base64.b64decode(node["attr"][key]["s"]).decode()


def attr_ints(node, key):
    return [int(i) for i in node["attr"][key]["list"].get("i", [])]


def base_name(ref):
    """'node:1' -> ('node', 1); '^node' control inputs are dropped by the caller."""
    if ":" in ref:
        name, idx = ref.rsplit(":", 1)
        return name, int(idx)
    return ref, 0


class Converter:
    def __init__(self, model_json_path, input_name, input_size=None, nhwc_input=False):
        with open(model_json_path) as f:
            self.model = json.load(f)
        self.nodes = self.model["modelTopology"]["node"]
        self.input_size = input_size
        self.nhwc_input = nhwc_input
        self.size_ratio = None    # new input size / exported input size, set by the Placeholder when resizing
        self.weights = load_weights(os.path.dirname(os.path.abspath(model_json_path)), self.model["weightsManifest"])
        self.input_name = input_name
        self.consts = {}          # tensor name -> numpy value (folded)
        self.alias = {}           # TF tensor name -> ONNX tensor name
        self.onnx_nodes = []
        self.initializers = []
        self.init_names = set()
        self.transposes = {}      # ONNX tensor -> (source tensor, perm) for transposes we emitted
        self.convs = {}           # ONNX tensor (NHWC conv result) -> conv node, for bias folding
        self.uid = 0
        self.inputs = []
        self.consumers = {}
        for n in self.nodes:
            for ref in n.get("input", []):
                if not ref.startswith("^"):
                    key = "%s:%d" % base_name(ref)
                    self.consumers[key] = self.consumers.get(key, 0) + 1

    # ---- helpers -------------------------------------------------------------------------------------------------
    def fresh(self, hint):
        self.uid += 1
        return "%s__%d" % (hint, self.uid)

    def ref(self, tf_ref):
        name, idx = base_name(tf_ref)
        key = "%s:%d" % (name, idx)
        return self.alias.get(key, key)

    def is_const(self, tf_ref):
        return self.ref(tf_ref) in self.consts

    def const(self, tf_ref):
        return self.consts[self.ref(tf_ref)]

    def tensor(self, tf_ref):
        """ONNX name for a TF input; constants become initializers on first use."""
        name = self.ref(tf_ref)
        if name in self.consts and name not in self.init_names:
            value = self.consts[name]
            if value.dtype == np.float64:
                value = value.astype(np.float32)
            self.initializers.append(numpy_helper.from_array(value, name))
            self.init_names.add(name)
        return name

    def init(self, hint, value):
        name = self.fresh(hint)
        self.initializers.append(numpy_helper.from_array(value, name))
        self.init_names.add(name)
        return name

    def emit(self, op, inputs, output, **attrs):
        if op == "Relu6":
            inputs = inputs + [self.init("zero", np.array(0, np.float32)), self.init("six", np.array(6, np.float32))]
            op = "Clip"
        self.onnx_nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return self.onnx_nodes[-1]

    def transpose(self, src, perm, out=None):
        """Emits a transpose unless it undoes the transpose that produced src."""
        perm = [int(p) for p in perm]
        if src in self.transposes:
            origin, first = self.transposes[src]
            composed = [first[p] for p in perm]
            if composed == list(range(len(perm))):
                return origin
        out = out or self.fresh(src.replace(":", "_") + "_t")
        self.emit("Transpose", [src], out, perm=perm)
        self.transposes[out] = (src, perm)
        return out

    def set_output(self, node, onnx_name, index=0):
        self.alias["%s:%d" % (node["name"], index)] = onnx_name

    # ---- conversion ---------------------------------------------------------------------------------------------
    def convert(self, concat_specs):
        signature_outputs = [o.split(":")[0] for o in self.model.get("signature", {}).get("outputs", {})]
        if not signature_outputs:
            raise ConversionError("model.json has no signature outputs")
        wanted = [p for _, parts in concat_specs for p in parts] if concat_specs else signature_outputs
        needed = self.needed_nodes(wanted)
        for node in self.nodes:
            if node["name"] in needed:
                self.convert_node(node)
        outputs = []
        joined = set()
        for out_name, parts in concat_specs:
            missing = [p for p in parts if p not in signature_outputs]
            if missing:
                raise ConversionError(f"--concat {out_name}: no such outputs {missing}; have {signature_outputs}")
            if len(parts) == 1:
                self.emit("Identity", [self.ref(parts[0])], out_name)
            else:
                self.emit("Concat", [self.ref(p) for p in parts], out_name, axis=1)
            outputs.append(out_name)
            joined.update(parts)
        for name in sorted(signature_outputs):
            if name not in joined and not concat_specs:
                self.emit("Identity", [self.ref(name)], name)
                outputs.append(name)
        graph = helper.make_graph(self.live_nodes(outputs), "tfjs_graph", self.inputs,
                                  [helper.make_tensor_value_info(o, TensorProto.FLOAT, None) for o in outputs],
                                  self.initializers)
        model = helper.make_model(graph, producer_name="wardwatch-tfjs-to-onnx", producer_version="1",
                                  opset_imports=[helper.make_opsetid("", OPSET)])
        model.ir_version = 8
        model = onnx.shape_inference.infer_shapes(model, data_prop=True)
        # Declare output shapes that shape inference found, so that loaders can see them.
        inferred = {v.name: v for v in list(model.graph.value_info)}
        for out in model.graph.output:
            if out.name in inferred:
                out.CopyFrom(inferred[out.name])
        onnx.checker.check_model(model)
        return model

    def needed_nodes(self, outputs):
        """Names of the TF nodes that the given outputs depend on."""
        by_name = {n["name"]: n for n in self.nodes}
        needed, stack = set(), list(outputs)
        while stack:
            name = stack.pop()
            if name in needed:
                continue
            if name not in by_name:
                raise ConversionError(f"output {name} is not a node of the graph")
            needed.add(name)
            stack.extend(base_name(i.lstrip("^"))[0] for i in by_name[name].get("input", []))
        return needed

    def static_shape(self, name):
        """The static shape of an emitted tensor per ONNX shape inference, or None when not fully known."""
        graph = helper.make_graph(self.onnx_nodes, "probe", self.inputs,
                                  [helper.make_tensor_value_info(name, TensorProto.FLOAT, None)], self.initializers)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
        model.ir_version = 8
        inferred = onnx.shape_inference.infer_shapes(model)
        for v in list(inferred.graph.value_info) + list(inferred.graph.output):
            if v.name == name and v.type.tensor_type.HasField("shape"):
                dims = [d.dim_value if d.HasField("dim_value") else None for d in v.type.tensor_type.shape.dim]
                return dims if dims and None not in dims else None
        return None

    def live_nodes(self, outputs):
        """Drops nodes whose results nobody uses (transposes that were cancelled, for one)."""
        needed = set(outputs)
        live = []
        for n in reversed(self.onnx_nodes):
            if any(o in needed for o in n.output):
                live.append(n)
                needed.update(n.input)
        live.reverse()
        used = set(needed)
        self.initializers = [i for i in self.initializers if i.name in used]
        return live

    def convert_node(self, node):
        op = node["op"]
        name = node["name"]
        inputs = [i for i in node.get("input", []) if not i.startswith("^")]
        out = name + ":0"

        if op == "Const":
            if name not in self.weights:
                raise ConversionError(f"constant {name} is not in the weights manifest")
            dtype = TF_DTYPES[node["attr"]["dtype"]["type"]]
            self.consts[out] = self.weights[name].astype(dtype)
            return
        if op == "Placeholder":
            dims = [int(d.get("size", -1)) for d in node["attr"]["shape"]["shape"]["dim"]]
            nhwc = len(dims) == 4 and dims[3] == 3 and dims[1] != 3
            if self.input_size:
                h, w = (1, 2) if nhwc else (2, 3)
                if len(dims) != 4 or dims[h] != dims[w] or dims[h] <= 0:
                    raise ConversionError(f"--input-size needs a square image input, have {dims}")
                self.size_ratio = (self.input_size, dims[h])
                dims[h] = dims[w] = self.input_size
            if nhwc and self.nhwc_input:
                self.inputs.append(helper.make_tensor_value_info(self.input_name, TensorProto.FLOAT, dims))
                self.set_output(node, self.input_name)
            elif nhwc:
                # NHWC image input: expose NCHW, as our Java side feeds NCHW.
                nchw = [dims[0], dims[3], dims[1], dims[2]]
                self.inputs.append(helper.make_tensor_value_info(self.input_name, TensorProto.FLOAT, nchw))
                self.set_output(node, self.transpose(self.input_name, NCHW_TO_NHWC))
            else:
                self.inputs.append(helper.make_tensor_value_info(self.input_name, TensorProto.FLOAT, dims))
                self.set_output(node, self.input_name)
            return
        if inputs and all(self.is_const(i) for i in inputs) and op in FOLDERS:
            self.consts[out] = np.asarray(FOLDERS[op](node, [self.const(i) for i in inputs]))
            return
        handler = getattr(self, "op_" + op, None)
        if handler is None:
            raise ConversionError(f"unsupported TF op {op} (node {name})")
        handler(node, inputs, out)

    def scaled(self, node, values):
        """A spatial size constant recomputed for --input-size: old x new / exported size, exact or an error."""
        if not self.size_ratio:
            return values
        new, old = self.size_ratio
        scaled = values.astype(np.int64) * new
        if np.any(scaled % old):
            raise ConversionError(f"{node['name']}: size {values.tolist()} does not scale by {new}/{old}")
        return scaled // old

    def nchw_origin(self, name):
        """The NCHW tensor that an NHWC tensor was transposed from by us, or None."""
        t = self.transposes.get(name)
        return t[0] if t and t[1] == NCHW_TO_NHWC else None

    def elementwise(self, node, op, inputs, out, **attrs):
        """Emits an elementwise op in NCHW when every non-constant input is a transposed NCHW tensor and every
        constant broadcasts per channel or is a scalar, so that the transposes around convolutions cancel;
        otherwise emits it as it is (NHWC)."""
        args = []
        for i in inputs:
            if self.is_const(i):
                value = np.asarray(self.const(i))
                if value.size == 1:
                    args.append(self.init(node["name"] + "_c", value.astype(np.float32).reshape(())))
                elif value.ndim in (1, 4) and value.shape[:-1] in ((), (1, 1, 1)):
                    args.append(self.init(node["name"] + "_c", value.astype(np.float32).reshape(1, -1, 1, 1)))
                else:
                    break
            else:
                origin = self.nchw_origin(self.ref(i))
                if origin is None:
                    break
                args.append(origin)
        else:
            if any(not self.is_const(i) for i in inputs):
                nchw = self.fresh(node["name"] + "_nchw")
                self.emit(op, args, nchw, **attrs)
                self.set_output(node, self.transpose(nchw, NCHW_TO_NHWC))
                return
        self.emit(op, [self.tensor(i) for i in inputs], out, **attrs)

    def op_Identity(self, node, inputs, out):
        self.set_output(node, self.tensor(inputs[0]))

    def op_Transpose(self, node, inputs, out):
        self.set_output(node, self.transpose(self.tensor(inputs[0]), self.const(inputs[1]).tolist()))

    def op_Conv2D(self, node, inputs, out):
        if attr_string(node, "data_format") != "NHWC":
            raise ConversionError(f"{node['name']}: only NHWC Conv2D is supported")
        kernel = self.const(inputs[1])                     # HWIO
        self.conv(node, inputs, kernel.transpose(3, 2, 0, 1), group=None)

    def op_DepthwiseConv2dNative(self, node, inputs, out):
        kernel = self.const(inputs[1])                     # H W C M -> (C*M) 1 H W
        h, w, c, m = kernel.shape
        self.conv(node, inputs, kernel.reshape(h, w, 1, c * m).transpose(3, 2, 0, 1), group=c)

    def op__FusedConv2D(self, node, inputs, out):
        self.op_Conv2D(node, inputs, out)

    def op_FusedDepthwiseConv2dNative(self, node, inputs, out):
        self.op_DepthwiseConv2dNative(node, inputs, out)

    def conv(self, node, inputs, kernel_oihw, group):
        strides = attr_ints(node, "strides")[1:3]
        dilations = attr_ints(node, "dilations")[1:3] if "dilations" in node["attr"] else [1, 1]
        padding = attr_string(node, "padding")
        attrs = {"strides": strides, "dilations": dilations, "kernel_shape": list(kernel_oihw.shape[2:])}
        if padding == "SAME":
            attrs["auto_pad"] = "SAME_UPPER"              # TF puts the odd pixel at the end
        elif padding != "VALID":
            raise ConversionError(f"{node['name']}: padding {padding} not supported")
        if group is None:
            group = 1  # grouped convolution in TF shows as fewer kernel input channels; checked by shape inference
        attrs["group"] = group
        fused = [base64.b64decode(f).decode() for f in node["attr"].get("fused_ops", {}).get("list", {}).get("s", [])]
        x = self.transpose(self.tensor(inputs[0]), NHWC_TO_NCHW)
        conv_out = self.fresh(node["name"] + "_nchw")
        conv_inputs = [x, self.init(node["name"] + "_w", kernel_oihw.astype(np.float32))]
        if fused:
            # Grappler-fused conv: BiasAdd (bias = third input), then optionally one activation.
            if fused[0] != "BiasAdd" or len(fused) > 2 or len(inputs) != 3:
                raise ConversionError(f"{node['name']}: fused ops {fused} not supported")
            conv_inputs.append(self.init(node["name"] + "_b", self.const(inputs[2]).astype(np.float32)))
        conv = self.emit("Conv", conv_inputs, conv_out, **attrs)
        if len(fused) == 2:
            activated = self.fresh(node["name"] + "_act")
            if fused[1] == "Relu":
                self.emit("Relu", [conv_out], activated)
            elif fused[1] == "Relu6":
                self.emit("Clip", [conv_out, self.init("zero", np.array(0, np.float32)),
                                   self.init("six", np.array(6, np.float32))], activated)
            else:
                raise ConversionError(f"{node['name']}: fused activation {fused[1]} not supported")
            self.set_output(node, self.transpose(activated, NCHW_TO_NHWC))
            return
        result = self.transpose(conv_out, NCHW_TO_NHWC)
        self.convs[result] = (conv, kernel_oihw.shape[0], node["name"] + ":0")
        self.set_output(node, result)

    def op_BiasAdd(self, node, inputs, out):
        self.op_Add(node, inputs, out)

    def op_Add(self, node, inputs, out):
        a, b = inputs
        src = self.ref(a)
        if src in self.convs and self.is_const(b):
            conv, channels, tf_name = self.convs[src]
            bias = self.const(b)
            if bias.ndim == 1 and bias.shape[0] == channels and len(conv.input) == 2 \
                    and self.consumers.get(tf_name, 0) == 1:
                # Fold the bias into the convolution: saves an elementwise pass over the feature map.
                conv.input.append(self.init(node["name"] + "_b", bias.astype(np.float32)))
                self.set_output(node, src)
                return
        self.elementwise(node, "Add", inputs, out)

    op_AddV2 = op_Add

    def op_Mul(self, node, inputs, out):
        self.elementwise(node, "Mul", inputs, out)

    def op_Sub(self, node, inputs, out):
        self.elementwise(node, "Sub", inputs, out)

    def op_LeakyRelu(self, node, inputs, out):
        self.emit("LeakyRelu", [self.tensor(inputs[0])], out, alpha=float(node["attr"]["alpha"]["f"]))

    def op_Relu(self, node, inputs, out):
        self.elementwise(node, "Relu", inputs[:1], out)

    def op_Relu6(self, node, inputs, out):
        self.elementwise(node, "Relu6", inputs[:1], out)

    def op_Sigmoid(self, node, inputs, out):
        self.elementwise(node, "Sigmoid", inputs[:1], out)

    def op_Mean(self, node, inputs, out):
        axes = sorted(int(a) % 4 for a in np.asarray(self.const(inputs[1])).reshape(-1))
        if axes != [1, 2] or not node["attr"].get("keep_dims", {}).get("b"):
            raise ConversionError(f"{node['name']}: only a spatial mean with keep_dims is supported")
        pooled = self.fresh(node["name"] + "_nchw")
        self.emit("GlobalAveragePool", [self.transpose(self.tensor(inputs[0]), NHWC_TO_NCHW)], pooled)
        self.set_output(node, self.transpose(pooled, NCHW_TO_NHWC))

    def op_Pad(self, node, inputs, out):
        self.pad(node, inputs, out, None)

    def op_PadV2(self, node, inputs, out):
        self.pad(node, inputs, out, self.const(inputs[2]).astype(np.float32))

    def pad(self, node, inputs, out, value):
        paddings = self.const(inputs[1]).astype(np.int64)       # [rank, 2]
        pads = np.concatenate([paddings[:, 0], paddings[:, 1]])
        args = [self.tensor(inputs[0]), self.init(node["name"] + "_pads", pads)]
        if value is not None:
            args.append(self.init(node["name"] + "_value", value.reshape(())))
        self.emit("Pad", args, out, mode="constant")

    def op_MaxPool(self, node, inputs, out):
        if attr_string(node, "data_format") != "NHWC":
            raise ConversionError(f"{node['name']}: only NHWC MaxPool is supported")
        attrs = {"kernel_shape": attr_ints(node, "ksize")[1:3], "strides": attr_ints(node, "strides")[1:3]}
        if attr_string(node, "padding") == "SAME":
            attrs["auto_pad"] = "SAME_UPPER"
        x = self.transpose(self.tensor(inputs[0]), NHWC_TO_NCHW)
        pooled = self.fresh(node["name"] + "_nchw")
        self.emit("MaxPool", [x], pooled, **attrs)
        self.set_output(node, self.transpose(pooled, NCHW_TO_NHWC))

    def op_ResizeBilinear(self, node, inputs, out):
        self.resize(node, inputs, "linear")

    def op_ResizeNearestNeighbor(self, node, inputs, out):
        self.resize(node, inputs, "nearest")

    def resize(self, node, inputs, mode):
        attr = node.get("attr", {})
        if attr.get("align_corners", {}).get("b"):
            transform = "align_corners"
        elif attr.get("half_pixel_centers", {}).get("b"):
            transform = "half_pixel" if mode == "linear" else "tf_half_pixel_for_nn"
        else:
            transform = "asymmetric"
        hw = self.scaled(node, self.const(inputs[1]).astype(np.int64))
        x = self.transpose(self.tensor(inputs[0]), NHWC_TO_NCHW)
        known = self.static_shape(x)
        if known:
            sizes = self.init(node["name"] + "_sizes", np.array(known[:2] + hw.tolist(), np.int64))
        else:
            # Sizes = [N, C] of the input + the requested [H, W], computed in the graph.
            shape = self.fresh(node["name"] + "_shape")
            self.emit("Shape", [x], shape)
            nc = self.fresh(node["name"] + "_nc")
            self.emit("Slice", [shape, self.init("s0", np.array([0], np.int64)),
                                self.init("s2", np.array([2], np.int64))], nc)
            sizes = self.fresh(node["name"] + "_sizes")
            self.emit("Concat", [nc, self.init(node["name"] + "_hw", hw)], sizes, axis=0)
        resized = self.fresh(node["name"] + "_nchw")
        extra = {"nearest_mode": "round_prefer_ceil" if transform == "tf_half_pixel_for_nn" else "floor"} \
            if mode == "nearest" else {}
        self.emit("Resize", [x, "", "", sizes], resized, mode=mode, coordinate_transformation_mode=transform,
                  **extra)
        self.set_output(node, self.transpose(resized, NCHW_TO_NHWC))

    def op_ConcatV2(self, node, inputs, out):
        axis = int(self.const(inputs[-1]))
        origins = [None if self.is_const(i) else self.nchw_origin(self.ref(i)) for i in inputs[:-1]]
        if axis in (3, -1) and None not in origins:
            nchw = self.fresh(node["name"] + "_nchw")
            self.emit("Concat", origins, nchw, axis=1)   # channel concat done in NCHW
            self.set_output(node, self.transpose(nchw, NCHW_TO_NHWC))
            return
        self.emit("Concat", [self.tensor(i) for i in inputs[:-1]], out, axis=axis)

    def op_SplitV(self, node, inputs, out):
        sizes = self.const(inputs[1]).astype(np.int64)
        axis = int(self.const(inputs[2]))
        outs = [self.fresh(node["name"] + "_split") for _ in sizes]
        self.onnx_nodes.append(helper.make_node("Split", [self.tensor(inputs[0]), self.init("split", sizes)], outs,
                                                name=node["name"], axis=axis))
        for i, o in enumerate(outs):
            self.set_output(node, o, i)

    def op_Reshape(self, node, inputs, out):
        shape = self.const(inputs[1]).astype(np.int64)
        if self.size_ratio and -1 not in shape.tolist():
            # A fixed target shape made for the exported size: let the largest (spatial) dimension follow the input.
            known = self.static_shape(self.tensor(inputs[0]))
            if known is None or int(np.prod(known)) != int(np.prod(shape)):
                shape = shape.copy()
                shape[int(np.argmax(shape))] = -1
        self.emit("Reshape", [self.tensor(inputs[0]), self.init(node["name"] + "_shape", shape)], out)


def _sparse_to_dense(node, args):
    indices, shape, values, default = args
    dense = np.full(shape.astype(np.int64).reshape(-1), default, dtype=np.asarray(values).dtype)
    idx = np.asarray(indices)
    idx = idx.reshape(1, 1) if idx.ndim == 0 else idx.reshape(idx.shape[0], idx.shape[1] if idx.ndim > 1 else 1)
    vals = np.broadcast_to(values, (idx.shape[0],))
    for i, v in zip(idx, vals):
        dense[tuple(i)] = v
    return dense


def _cast(node, args):
    return args[0].astype(TF_DTYPES[node["attr"]["DstT"]["type"]])


# Ops evaluated with numpy when all their inputs are constants.
FOLDERS = {
    "Identity": lambda n, a: a[0],
    "Add": lambda n, a: a[0] + a[1],
    "AddV2": lambda n, a: a[0] + a[1],
    "Sub": lambda n, a: a[0] - a[1],
    "Mul": lambda n, a: a[0] * a[1],
    "Cast": _cast,
    "SparseToDense": _sparse_to_dense,
    "Transpose": lambda n, a: np.transpose(a[0], a[1]),
    "Reshape": lambda n, a: np.reshape(a[0], a[1]),
    "ConcatV2": lambda n, a: np.concatenate(a[:-1], axis=int(a[-1])),
    "Pack": lambda n, a: np.stack(a, axis=int(n.get("attr", {}).get("axis", {}).get("i", 0))),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model_json")
    parser.add_argument("output")
    parser.add_argument("--input-name", default="input")
    parser.add_argument("--concat", action="append", default=[], metavar="NAME=OUT1,OUT2,...")
    parser.add_argument("--input-size", type=int, metavar="S", help="square input size (multiple of 32)")
    parser.add_argument("--nhwc-input", action="store_true", help="keep an NHWC image input NHWC")
    args = parser.parse_args()
    if args.input_size is not None and (args.input_size <= 0 or args.input_size % 32):
        parser.error(f"--input-size {args.input_size}: must be a positive multiple of 32")
    specs = []
    for spec in args.concat:
        if "=" not in spec:
            parser.error(f"--concat {spec}: expected NAME=OUT1,OUT2,...")
        out_name, parts = spec.split("=", 1)
        specs.append((out_name, parts.split(",")))
    try:
        model = Converter(args.model_json, args.input_name, args.input_size, args.nhwc_input).convert(specs)
    except (ConversionError, KeyError, ValueError, onnx.checker.ValidationError) as e:
        print(f"tfjs_to_onnx: conversion of {args.model_json} failed: {e}", file=sys.stderr)
        return 1
    tmp = args.output + ".tmp"
    with open(tmp, "wb") as f:
        f.write(model.SerializeToString(deterministic=True))
    os.replace(tmp, args.output)
    print(f"tfjs_to_onnx: wrote {args.output} ({os.path.getsize(args.output)} bytes, "
          f"{len(model.graph.node)} nodes, outputs {[o.name for o in model.graph.output]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
