package org.geosync.model.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.eclipse.emf.codegen.ecore.generator.Generator;
import org.eclipse.emf.codegen.ecore.generator.GeneratorAdapterFactory;
import org.eclipse.emf.codegen.ecore.genmodel.GenJDKLevel;
import org.eclipse.emf.codegen.ecore.genmodel.GenModel;
import org.eclipse.emf.codegen.ecore.genmodel.GenModelFactory;
import org.eclipse.emf.codegen.ecore.genmodel.GenModelPackage;
import org.eclipse.emf.codegen.ecore.genmodel.GenPackage;
import org.eclipse.emf.codegen.ecore.genmodel.GenResourceKind;
import org.eclipse.emf.codegen.ecore.genmodel.generator.GenBaseGeneratorAdapter;
import org.eclipse.emf.codegen.ecore.genmodel.generator.GenModelGeneratorAdapterFactory;
import org.eclipse.emf.common.util.BasicMonitor;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.plugin.EcorePlugin;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceFactoryImpl;

/**
 * Headless EMF code generation for the GeoSync replica metadata model, outside any IDE.
 *
 * <pre>
 * GenerateModel generate BUNDLES_DIR          regenerate src-gen of org.geosync.model and org.geosync.model.edit in place
 * GenerateModel check    BUNDLES_DIR WORK_DIR copy both bundles to WORK_DIR, regenerate there, exit 1 on any difference
 * GenerateModel init     BUNDLES_DIR          create model/geosync.genmodel from model/geosync.ecore (once)
 * </pre>
 *
 * Regeneration merges like the IDE does (JMerger): methods marked {@code @generated NOT} keep their
 * hand-written bodies, everything marked {@code @generated} is rewritten.
 */
public final class GenerateModel {

    static final String MODEL_BUNDLE = "org.geosync.model";
    static final String EDIT_BUNDLE = "org.geosync.model.edit";
    private static final List<String> BUNDLES = List.of(MODEL_BUNDLE, EDIT_BUNDLE);
    private static final URI GENMODEL = URI.createPlatformResourceURI("/" + MODEL_BUNDLE + "/model/geosync.genmodel", true);
    private static final URI ECORE = URI.createPlatformResourceURI("/" + MODEL_BUNDLE + "/model/geosync.ecore", true);

    private GenerateModel() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: GenerateModel generate|check|init BUNDLES_DIR [WORK_DIR]");
            System.exit(2);
        }
        Path bundles = Path.of(args[1]).toAbsolutePath().normalize();
        switch (args[0]) {
            case "init" -> {
                mapBundles(bundles);
                init();
            }
            case "generate" -> {
                mapBundles(bundles);
                generate();
            }
            case "check" -> {
                if (args.length < 3) {
                    System.err.println("check needs a WORK_DIR");
                    System.exit(2);
                }
                if (check(bundles, Path.of(args[2]).toAbsolutePath().normalize()) != 0) {
                    // an exception (not System.exit) so exec:java reports BUILD FAILURE and Maven exits 1
                    throw new IllegalStateException("generated code is out of date: see the list above");
                }
            }
            default -> {
                System.err.println("unknown mode " + args[0] + ": use generate, check or init");
                System.exit(2);
            }
        }
    }

    /** The two registrations code generation needs when no Eclipse platform is running. */
    private static void mapBundles(Path bundles) {
        GeneratorAdapterFactory.Descriptor.Registry.INSTANCE.addDescriptor(GenModelPackage.eNS_URI,
                GenModelGeneratorAdapterFactory.DESCRIPTOR);
        Map<String, URI> map = EcorePlugin.getPlatformResourceMap();
        for (String bundle : BUNDLES) {
            map.put(bundle, URI.createFileURI(bundles.resolve(bundle).toString() + "/"));
        }
    }

    private static ResourceSet resourceSet() {
        ResourceSet rs = new ResourceSetImpl();
        rs.getPackageRegistry().put(GenModelPackage.eNS_URI, GenModelPackage.eINSTANCE);
        rs.getResourceFactoryRegistry().getExtensionToFactoryMap().put("ecore", new EcoreResourceFactoryImpl());
        rs.getResourceFactoryRegistry().getExtensionToFactoryMap().put("genmodel", new XMIResourceFactoryImpl());
        return rs;
    }

    private static void init() throws IOException {
        ResourceSet rs = resourceSet();
        EPackage ePackage = (EPackage) rs.getResource(ECORE, true).getContents().get(0);
        GenModel genModel = GenModelFactory.eINSTANCE.createGenModel();
        genModel.initialize(Collections.singleton(ePackage));
        genModel.setModelName("Geosync");
        genModel.setModelPluginID(MODEL_BUNDLE);
        genModel.setModelDirectory("/" + MODEL_BUNDLE + "/src-gen");
        genModel.setEditPluginID(EDIT_BUNDLE);
        genModel.setEditDirectory("/" + EDIT_BUNDLE + "/src-gen");
        genModel.setEditPluginClass("org.geosync.model.provider.GeosyncEditPlugin");
        genModel.setComplianceLevel(GenJDKLevel.JDK210_LITERAL);
        genModel.setImporterID("org.eclipse.emf.importer.ecore");
        genModel.getForeignModel().add("geosync.ecore");
        genModel.setBundleManifest(true);
        genModel.setOperationReflection(true);
        genModel.setCodeFormatting(false);
        genModel.setCopyrightText("GeoSync replica metadata model. Generated by EMF from model/geosync.genmodel: regenerate, don't edit.");
        GenPackage genPackage = genModel.getGenPackages().get(0);
        genPackage.setPrefix("Geosync");
        genPackage.setBasePackage("org.geosync");
        genPackage.setResource(GenResourceKind.XMI_LITERAL);
        genPackage.setFileExtensions("geosync");
        genPackage.setDisposableProviderFactory(true);
        Resource resource = rs.createResource(GENMODEL);
        resource.getContents().add(genModel);
        resource.save(Collections.emptyMap());
        System.out.println("wrote " + GENMODEL);
    }

    private static void generate() {
        ResourceSet rs = resourceSet();
        GenModel genModel = (GenModel) rs.getResource(GENMODEL, true).getContents().get(0);
        genModel.reconcile();
        genModel.setCanGenerate(true);
        Diagnostic check = genModel.diagnose();
        if (check.getSeverity() == Diagnostic.ERROR) {
            throw new IllegalStateException("geosync.genmodel is invalid: " + check);
        }
        Generator generator = new Generator();
        generator.setInput(genModel);
        for (String projectType : List.of(GenBaseGeneratorAdapter.MODEL_PROJECT_TYPE,
                GenBaseGeneratorAdapter.EDIT_PROJECT_TYPE)) {
            Diagnostic d = generator.generate(genModel, projectType, new BasicMonitor());
            if (d.getSeverity() == Diagnostic.ERROR) {
                throw new IllegalStateException("generating " + projectType + " failed: " + d);
            }
            System.out.println("generated " + projectType + " code");
        }
    }

    private static int check(Path bundles, Path work) throws IOException {
        deleteTree(work);
        for (String bundle : BUNDLES) {
            copyTree(bundles.resolve(bundle), work.resolve(bundle));
        }
        mapBundles(work);
        generate();
        List<String> differences = new ArrayList<>();
        for (String bundle : BUNDLES) {
            Path committed = bundles.resolve(bundle);
            Path regenerated = work.resolve(bundle);
            TreeSet<String> names = new TreeSet<>();
            names.addAll(files(committed));
            names.addAll(files(regenerated));
            for (String name : names) {
                Path a = committed.resolve(name);
                Path b = regenerated.resolve(name);
                if (!Files.exists(a)) {
                    differences.add(bundle + "/" + name + ": generated but not committed");
                } else if (!Files.exists(b)) {
                    differences.add(bundle + "/" + name + ": committed but no longer generated");
                } else if (!Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b))) {
                    differences.add(bundle + "/" + name + ": differs from what the genmodel generates");
                }
            }
        }
        if (differences.isEmpty()) {
            System.out.println("OK: committed generated code matches model/geosync.genmodel");
            return 0;
        }
        System.err.println("Committed generated code is out of date with model/geosync.genmodel ("
                + differences.size() + " files). Regenerate with\n"
                + "  ./mvnw -Pgenerate-model -pl releng/org.geosync.model.generator process-classes\nand commit:");
        differences.forEach(d -> System.err.println("  " + d));
        System.err.println("(regenerated copy left in " + work + " for diff -r)");
        return 1;
    }

    private static boolean skipped(Path relative) {
        String first = relative.getName(0).toString();
        return first.equals("target") || first.equals("bin") || first.startsWith(".");
    }

    private static List<String> files(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).filter(p -> !skipped(p))
                    .map(Path::toString).toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        for (String name : files(from)) {
            Path target = to.resolve(name);
            Files.createDirectories(target.getParent());
            Files.copy(from.resolve(name), target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Collections.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
